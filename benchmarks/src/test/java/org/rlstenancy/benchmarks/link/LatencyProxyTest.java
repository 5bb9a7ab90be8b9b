package org.rlstenancy.benchmarks.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rlstenancy.benchmarks.link.LatencyProxy.Chunk;
import org.rlstenancy.benchmarks.link.LatencyProxy.Direction;

/**
 * The proxy passes bytes on unchanged both ways, holds each chunk for the latency by its own clock, and closes both
 * sides. Nothing here times the proxy from outside: a clock driven by the test (each reading 50 µs after the last)
 * stands for time, and the assertions read what the proxy recorded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LatencyProxyTest {
    private static final long LATENCY = TimeUnit.MICROSECONDS.toNanos(500);

    private final AtomicLong time = new AtomicLong();
    private ServerSocket target;
    private LatencyProxy proxy;

    @BeforeEach
    void start() throws IOException {
        target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        proxy = LatencyProxy.startRecording(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                target.getLocalPort()), LATENCY, () -> time.addAndGet(50_000));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        target.close();
    }

    @Test
    void bytesPassUnchangedInBothDirections() throws IOException {
        byte[] request = randomBytes(1, 1_000_000);
        byte[] response = randomBytes(2, 300_000);
        try (Socket client = connect(); Socket server = target.accept()) {
            client.getOutputStream().write(request);
            assertThat(server.getInputStream().readNBytes(request.length)).isEqualTo(request);
            server.getOutputStream().write(response);
            assertThat(client.getInputStream().readNBytes(response.length)).isEqualTo(response);
        }
        assertThat(proxy.recorded()).extracting(Chunk::direction).contains(Direction.TO_TARGET, Direction.TO_CLIENT);
    }

    @Test
    void eachChunkIsReleasedNoEarlierThanTheLatencyAfterItArrivedSoARoundTripTakesTwice() throws IOException {
        try (Socket client = connect(); Socket server = target.accept()) {
            client.getOutputStream().write("ping".getBytes());
            assertThat(server.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
            server.getOutputStream().write("pong".getBytes());
            assertThat(client.getInputStream().readNBytes(4)).isEqualTo("pong".getBytes());
        }
        List<Chunk> chunks = proxy.recorded();
        for (Chunk chunk : chunks) {
            assertThat(chunk.dueNanos()).isEqualTo(chunk.arrivedNanos() + LATENCY);
            assertThat(chunk.releasedNanos()).isGreaterThanOrEqualTo(chunk.dueNanos());
        }
        Chunk ping = chunks.get(0);
        Chunk pong = chunks.get(1);
        assertThat(ping.direction()).isEqualTo(Direction.TO_TARGET);
        assertThat(ping.length()).isEqualTo(4);
        assertThat(pong.direction()).isEqualTo(Direction.TO_CLIENT);
        assertThat(pong.length()).isEqualTo(4);
        assertThat(pong.arrivedNanos()).isGreaterThan(ping.releasedNanos());
        assertThat(pong.releasedNanos() - ping.arrivedNanos()).isGreaterThanOrEqualTo(2 * LATENCY);
        assertThat(proxy.stats().chunks()).isGreaterThanOrEqualTo(2);
        assertThat(proxy.stats().meanDelayMicros()).isGreaterThanOrEqualTo(LATENCY / 1e3);
    }

    @Test
    void chunksKeepTheirOrderAndEachWaitsItsLatency() throws IOException {
        try (Socket client = connect(); Socket server = target.accept()) {
            for (int i = 0; i < 50; i++) {
                client.getOutputStream().write(new byte[] {(byte) i});
            }
            byte[] received = server.getInputStream().readNBytes(50);
            for (int i = 0; i < 50; i++) {
                assertThat(received[i]).isEqualTo((byte) i);
            }
        }
        List<Chunk> toTarget = proxy.recorded().stream().filter(c -> c.direction() == Direction.TO_TARGET).toList();
        for (int i = 1; i < toTarget.size(); i++) {
            assertThat(toTarget.get(i).arrivedNanos()).isGreaterThanOrEqualTo(toTarget.get(i - 1).arrivedNanos());
            assertThat(toTarget.get(i).releasedNanos()).isGreaterThanOrEqualTo(toTarget.get(i).dueNanos());
        }
    }

    @Test
    void aClientThatClosesClosesTheTargetSideAndTheOtherWayRound() throws Exception {
        try (Socket client = connect(); Socket server = target.accept()) {
            client.close();
            assertThat(server.getInputStream().read()).isEqualTo(-1);
            server.close();
            awaitNoConnections();
        }
        try (Socket client = connect(); Socket server = target.accept()) {
            server.close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            client.close();
            awaitNoConnections();
        }
        List<Chunk> ends = proxy.recorded().stream().filter(c -> c.length() == -1).toList();
        assertThat(ends).hasSize(4);
        assertThat(ends).allSatisfy(end -> assertThat(end.releasedNanos()).isGreaterThanOrEqualTo(end.dueNanos()));
    }

    @Test
    void closingTheProxyClosesItsConnections() throws Exception {
        Socket client = connect();
        Socket server = target.accept();
        client.getOutputStream().write(1);
        assertThat(server.getInputStream().read()).isEqualTo(1);
        assertThat(proxy.openConnections()).isEqualTo(1);

        proxy.close();

        assertThat(proxy.openConnections()).isZero();
        assertEndOfStream(client.getInputStream());
        assertEndOfStream(server.getInputStream());
        assertThatThrownBy(this::connectAndRead).isInstanceOf(IOException.class);
        client.close();
        server.close();
    }

    @Test
    void jdbcUrlsArePointedAtTheProxy() {
        assertThat(LatencyProxy.targetOf("jdbc:postgresql://db.example:6543/app?ssl=false"))
                .isEqualTo(new InetSocketAddress("db.example", 6543));
        assertThat(LatencyProxy.targetOf("jdbc:postgresql://127.0.0.1/app").getPort()).isEqualTo(5432);
        assertThat(proxy.jdbcUrlThrough("jdbc:postgresql://127.0.0.1:5432/rls_bench?x=1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/rls_bench?x=1");
        assertThatThrownBy(() -> LatencyProxy.targetOf("jdbc:postgresql://a:1,b:2/app"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyProxy.targetOf("jdbc:mysql://a/app"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyProxy.start(new InetSocketAddress(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void connectAndRead() throws IOException {
        try (Socket socket = connect()) {
            if (socket.getInputStream().read() == -1) {
                throw new IOException("closed at once");
            }
        }
    }

    private static void assertEndOfStream(InputStream in) {
        try {
            assertThat(in.read()).isEqualTo(-1);
        } catch (SocketException e) {
            // a reset: closed too
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitNoConnections() throws InterruptedException {
        while (proxy.openConnections() > 0) {
            Thread.sleep(5);
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
