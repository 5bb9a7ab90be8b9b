package org.rlstenancy.benchmarks.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 that adds a one-way latency to each direction of every connection, as a network hop
 * would: each chunk of bytes read from one side is written to the other no earlier than {@code latency} after it
 * was read. Chunks keep their order, and reading never waits for writing, so the delay does not limit throughput
 * (as on a real link, bytes in flight pile up instead; here in memory, without bound).
 * <p>
 * Each accepted connection opens one to the target, with {@code TCP_NODELAY} on both, and gets four threads: per
 * direction, one that reads and stamps each chunk with the clock, and one that waits until the chunk is due and
 * writes it. An end of stream is passed on the same way, after the latency, as a half-close; once both directions
 * have ended, or either fails, both sockets are closed. {@link #close()} stops accepting and closes every
 * connection.
 * <p>
 * The clock is injectable: tests drive it and read what the proxy recorded for each chunk ({@link #recorded()})
 * instead of timing the proxy from outside. A writer parks until its chunk is due, so the chunk is released some
 * time after: about 100 us on a machine of two shared cores, where a park ends that late. {@link #stats()} says how
 * long chunks were held on average. A writer can spin the last part of the wait instead ({@link #SPIN_PROPERTY}).
 */
public final class LatencyProxy implements AutoCloseable {
    /** The longest single park while waiting for a chunk, so a driven clock is read again soon. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int CHUNK_BYTES = 64 * 1024;
    /**
     * How long before a chunk is due its writer stops parking and spins, if no other writer spins: the system
     * property {@value #SPIN_PROPERTY} in microseconds; 0 (the default) never spins. Spinning releases chunks
     * closer to when they are due, but on a machine of two cores the spinning thread slows the client and the
     * server it measures, and their latency tails grow.
     */
    static final String SPIN_PROPERTY = "rls.benchmarks.link.spin-us";
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(SPIN_PROPERTY, 0));
    /** A PostgreSQL JDBC URL: the host and the optional port, then the rest. */
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?(.*)");

    /** Which way a chunk travels. */
    public enum Direction {
        /** From the accepted client to the target. */
        TO_TARGET,
        /** From the target back to the client. */
        TO_CLIENT
    }

    /**
     * One chunk passed on: its direction, its length ({@code -1} for the end of the stream), when it was read, when
     * it was due ({@code arrived + latency}) and when it was released to the other side, all by the proxy's clock.
     */
    public record Chunk(Direction direction, int length, long arrivedNanos, long dueNanos, long releasedNanos) {
    }

    /**
     * Chunks passed on so far (and of them, those to the target) and how long they were held, from reading to
     * writing, in total and at most.
     */
    public record Stats(long chunks, long chunksToTarget, long totalDelayNanos, long maxDelayNanos) {
        /** The mean time a chunk was held, in microseconds; 0 before any chunk. */
        public double meanDelayMicros() {
            return chunks == 0 ? 0 : totalDelayNanos / 1e3 / chunks;
        }
    }

    private final InetSocketAddress target;
    private final long latencyNanos;
    private final LongSupplier clock;
    private final boolean recording;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final List<Chunk> recorded = new ArrayList<>();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong chunksToTarget = new AtomicLong();
    private final AtomicLong totalDelay = new AtomicLong();
    private final AtomicLong maxDelay = new AtomicLong();
    /** Whether a writer is spinning now: at most one does, so the proxy takes at most one core to wait. */
    private final AtomicBoolean spinning = new AtomicBoolean();
    private volatile boolean closed;

    private LatencyProxy(InetSocketAddress target, long latencyNanos, LongSupplier clock, boolean recording)
            throws IOException {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("The latency must not be negative: " + latencyNanos + " ns");
        }
        this.target = target;
        this.latencyNanos = latencyNanos;
        this.clock = clock;
        this.recording = recording;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "latency-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on 127.0.0.1 (a free port) to {@code target}, delaying each direction by {@code latencyNanos}. */
    public static LatencyProxy start(InetSocketAddress target, long latencyNanos) throws IOException {
        return new LatencyProxy(target, latencyNanos, System::nanoTime, false);
    }

    /**
     * As {@link #start(InetSocketAddress, long)}, reading time from {@code clock} (nanoseconds, never decreasing)
     * and keeping every chunk for {@link #recorded()}: for tests.
     */
    static LatencyProxy startRecording(InetSocketAddress target, long latencyNanos, LongSupplier clock)
            throws IOException {
        return new LatencyProxy(target, latencyNanos, clock, true);
    }

    /**
     * The host and port of a {@code jdbc:postgresql://host[:port]/...} URL (port 5432 when not given), for the
     * proxy's target.
     *
     * @throws IllegalArgumentException for another URL, or one with several hosts
     */
    public static InetSocketAddress targetOf(String jdbcUrl) {
        Matcher matcher = matchUrl(jdbcUrl);
        return new InetSocketAddress(matcher.group(1),
                matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2)));
    }

    /** {@code jdbcUrl} with its host and port replaced by this proxy's, so a connection made with it goes through. */
    public String jdbcUrlThrough(String jdbcUrl) {
        return "jdbc:postgresql://127.0.0.1:" + port() + matchUrl(jdbcUrl).group(3);
    }

    private static Matcher matchUrl(String jdbcUrl) {
        Matcher matcher = JDBC_URL.matcher(jdbcUrl);
        if (!matcher.matches() || matcher.group(3).startsWith(",")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL of one host: " + jdbcUrl);
        }
        return matcher;
    }

    /** The port the proxy listens on, on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The one-way latency, in nanoseconds. */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return links.size();
    }

    /** What has passed so far. */
    public Stats stats() {
        return new Stats(chunks.get(), chunksToTarget.get(), totalDelay.get(), maxDelay.get());
    }

    /** Every chunk released so far, in the order released; empty unless made by {@link #startRecording}. */
    List<Chunk> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket server = new Socket();
                server.setTcpNoDelay(true);
                server.connect(target);
                client.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                if (closed) {
                    link.close();
                } else {
                    link.start();
                }
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Stops accepting and closes every connection through the proxy; their threads end soon after. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        links.forEach(Link::close);
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void released(Chunk chunk) {
        long held = chunk.releasedNanos() - chunk.arrivedNanos();
        chunks.incrementAndGet();
        if (chunk.direction() == Direction.TO_TARGET) {
            chunksToTarget.incrementAndGet();
        }
        totalDelay.addAndGet(held);
        maxDelay.accumulateAndGet(held, Math::max);
        if (recording) {
            synchronized (recorded) {
                recorded.add(chunk);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One client connection and its connection to the target. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final Pipe toTarget;
        private final Pipe toClient;
        private final AtomicLong ended = new AtomicLong();

        Link(Socket client, Socket server) throws IOException {
            this.client = client;
            this.server = server;
            String name = "latency-proxy-" + client.getPort();
            this.toTarget = new Pipe(Direction.TO_TARGET, client, server, name + "-to-target");
            this.toClient = new Pipe(Direction.TO_CLIENT, server, client, name + "-to-client");
        }

        void start() {
            toTarget.start();
            toClient.start();
        }

        /** One direction has passed its end of stream on. */
        void ended() {
            if (ended.incrementAndGet() == 2) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            toTarget.stop();
            toClient.stop();
            links.remove(this);
        }

        /** One direction: a reader that stamps chunks, and a writer that releases each when it is due. */
        private final class Pipe {
            /** Put in the queue to stop the writer at once. */
            private static final byte[] STOP = new byte[0];

            private record Pending(byte[] bytes, long arrived) {
            }

            private final Direction direction;
            private final InputStream in;
            private final OutputStream out;
            private final Socket destination;
            private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
            private final Thread reader;
            private final Thread writer;

            Pipe(Direction direction, Socket source, Socket destination, String name) throws IOException {
                this.direction = direction;
                this.in = source.getInputStream();
                this.out = destination.getOutputStream();
                this.destination = destination;
                this.reader = new Thread(this::read, name + "-read");
                this.writer = new Thread(this::write, name + "-write");
                reader.setDaemon(true);
                writer.setDaemon(true);
            }

            void start() {
                reader.start();
                writer.start();
            }

            void stop() {
                queue.add(new Pending(STOP, 0));
            }

            private void read() {
                byte[] buffer = new byte[CHUNK_BYTES];
                try {
                    while (true) {
                        int read = in.read(buffer);
                        long arrived = clock.getAsLong();
                        if (read < 0) {
                            queue.add(new Pending(null, arrived));
                            return;
                        }
                        queue.add(new Pending(Arrays.copyOf(buffer, read), arrived));
                    }
                } catch (IOException e) {
                    close();
                }
            }

            private void write() {
                try {
                    while (true) {
                        Pending pending = queue.take();
                        if (pending.bytes() == STOP) {
                            return;
                        }
                        long due = pending.arrived() + latencyNanos;
                        long now = waitUntil(due);
                        released(new Chunk(direction, pending.bytes() == null ? -1 : pending.bytes().length,
                                pending.arrived(), due, now));
                        if (pending.bytes() == null) {
                            if (!destination.isClosed()) {
                                destination.shutdownOutput();
                            }
                            ended();
                            return;
                        }
                        out.write(pending.bytes());
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    close();
                }
            }

            /**
             * Waits until the clock reads {@code due} or later; returns that reading. It parks until
             * {@link #SPIN_NANOS} before (by default, to the end), then spins the rest if no other writer of the
             * proxy is spinning, since a park ends some 100 us late on a loaded machine; otherwise it parks on.
             */
            private long waitUntil(long due) {
                long now = clock.getAsLong();
                while (due - now > SPIN_NANOS) {
                    LockSupport.parkNanos(Math.min(due - now - SPIN_NANOS, MAX_PARK_NANOS));
                    now = clock.getAsLong();
                }
                if (now < due && spinning.compareAndSet(false, true)) {
                    try {
                        while (now < due) {
                            Thread.onSpinWait();
                            now = clock.getAsLong();
                        }
                    } finally {
                        spinning.set(false);
                    }
                }
                while (now < due) {
                    LockSupport.parkNanos(Math.min(due - now, MAX_PARK_NANOS));
                    now = clock.getAsLong();
                }
                return now;
            }
        }
    }
}
