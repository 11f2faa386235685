package io.leasehold.hazelcast.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cuttable TCP relay in front of one member's port, on 127.0.0.1. Members advertise their relay
 * as their public address, so every member-to-member connection to this member passes here. Each
 * member's outgoing connections leave from ports of its own range (Hazelcast's outbound ports), so
 * the relay knows which member a connection comes from and can cut single pairs: a network
 * partition between member JVMs that keep running.
 */
final class MemberRelay implements AutoCloseable {

    /** A member's outbound port range, by its number. */
    record Range(int member, int first, int last) {
        boolean contains(int port) {
            return port >= first && port <= last;
        }
    }

    /** Outbound ports a member may use: enough for its connections to a few peers. */
    static final int OUTBOUND_WIDTH = 20;

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Range> ranges;
    private final Set<Integer> cutFrom = ConcurrentHashMap.newKeySet();
    private final Map<Socket, Integer> open = new ConcurrentHashMap<>();

    MemberRelay(int listenPort, int targetPort, Set<Range> ranges) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), listenPort), 100);
        this.targetPort = targetPort;
        this.ranges = ranges;
        Thread acceptor = new Thread(this::acceptLoop, "member-relay-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Member {@code member}'s outbound ports (1-based), {@link #OUTBOUND_WIDTH} of them from {@code base} up. */
    static Range outbound(int base, int member) {
        int first = base + (member - 1) * OUTBOUND_WIDTH;
        return new Range(member, first, first + OUTBOUND_WIDTH - 1);
    }

    /** The outbound ranges of members 1..{@code members}. */
    static Set<Range> outboundRanges(int base, int members) {
        Set<Range> ranges = new java.util.HashSet<>();
        for (int m = 1; m <= members; m++) {
            ranges.add(outbound(base, m));
        }
        return ranges;
    }

    /** A port free on 127.0.0.1 right now, for a member to bind behind its relay. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Refuses (and drops) connections from {@code member} until {@link #heal(int)}. */
    void cut(int member) {
        cutFrom.add(member);
        open.forEach((socket, from) -> {
            if (from == member) {
                closeQuietly(socket);
            }
        });
    }

    void heal(int member) {
        cutFrom.remove(member);
    }

    private int memberOf(Socket inbound) {
        int port = inbound.getPort();
        for (Range r : ranges) {
            if (r.contains(port)) {
                return r.member();
            }
        }
        return 0;   // a client, or a member's connection from an unexpected port: never cut
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket inbound = server.accept();
                int from = memberOf(inbound);
                if (cutFrom.contains(from)) {
                    closeQuietly(inbound);
                    continue;
                }
                Socket outbound;
                try {
                    outbound = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
                } catch (IOException e) {
                    closeQuietly(inbound);
                    continue;
                }
                // As Hazelcast's own sockets: without it Nagle holds each small write for the peer's delayed
                // ACK (up to 40 ms), which caps a request/answer loop through the relay at some 25 per second.
                inbound.setTcpNoDelay(true);
                outbound.setTcpNoDelay(true);
                open.put(inbound, from);
                open.put(outbound, from);
                pump(inbound, outbound);
                pump(outbound, inbound);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // closed or cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "member-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.keySet().forEach(MemberRelay::closeQuietly);
    }
}
