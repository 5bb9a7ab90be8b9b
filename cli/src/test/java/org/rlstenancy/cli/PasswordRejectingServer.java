package org.rlstenancy.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on 127.0.0.1 that speaks just enough of the PostgreSQL protocol to ask for a cleartext password and
 * reject it, as a server with password authentication rejects a wrong one. The embedded test server trusts every
 * local connection, so it cannot reject a password itself.
 */
final class PasswordRejectingServer implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;

    private final ServerSocket socket;
    private final List<String> passwords = new CopyOnWriteArrayList<>();

    PasswordRejectingServer() {
        try {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::serve, "password-rejecting-server");
        thread.setDaemon(true);
        thread.start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/app";
    }

    /** The passwords clients sent. */
    List<String> passwords() {
        return passwords;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                reject(new DataInputStream(client.getInputStream()), new DataOutputStream(client.getOutputStream()));
            } catch (IOException e) {
                // the client went away, or the server was closed
            }
        }
    }

    private void reject(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            if (code != SSL_REQUEST && code != GSSENC_REQUEST) {
                in.skipNBytes(length - 8);
                break;
            }
            out.writeByte('N');
            out.flush();
        }
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(3);
        out.flush();
        if (in.readByte() != 'p') {
            return;
        }
        byte[] password = in.readNBytes(in.readInt() - 4);
        passwords.add(new String(password, 0, password.length - 1, StandardCharsets.UTF_8));
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String field : List.of("SFATAL", "VFATAL", "C28P01", "Mpassword authentication failed for user \"app\"")) {
            fields.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        out.writeByte('E');
        out.writeInt(4 + fields.size());
        fields.writeTo(out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
