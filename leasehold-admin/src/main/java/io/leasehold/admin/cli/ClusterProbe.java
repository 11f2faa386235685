package io.leasehold.admin.cli;

import com.hazelcast.client.impl.protocol.AuthenticationStatus;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.ClientMessageReader;
import com.hazelcast.client.impl.protocol.ClientMessageWriter;
import com.hazelcast.client.impl.protocol.codec.ClientAuthenticationCodec;
import com.hazelcast.instance.BuildInfoProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Asks one address, in a few milliseconds, whether a Hazelcast member listens there and whether it
 * accepts a cluster name: one client authentication over a plain socket, the way a client starts,
 * then the socket is closed. Lets the command line say "nothing listens at 127.0.0.1:5701-5720" or
 * "the members at 127.0.0.1:5701 answer to cluster 'dev', not 'leasehold'" at once, instead of a
 * client retrying for its whole connect timeout.
 */
final class ClusterProbe {

    /** What an address said. */
    enum Answer {
        /** Nothing listens (connection refused, or no answer in time). */
        NOTHING,
        /** A member accepted the cluster name. */
        ACCEPTED,
        /** A member answered and refused the cluster name (or the credentials). */
        REFUSED,
        /** Something answered, but not as a member we understand: let the client try. */
        UNKNOWN
    }

    private static final byte[] CLIENT_PROTOCOL = "CP2".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REPLY = 1 << 20;

    private ClusterProbe() {
    }

    static Answer ask(String host, int port, String clusterName, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            } catch (IOException e) {
                return Answer.NOTHING;
            }
            socket.setSoTimeout(timeoutMillis);
            ClientMessage request = ClientAuthenticationCodec.encodeRequest(clusterName, null, null, UUID.randomUUID(),
                    "JVM", (byte) 1, BuildInfoProvider.getBuildInfo().getVersion(), "leasehold-admin-probe",
                    List.of(), (byte) 0, false);
            request.setCorrelationId(1).setPartitionId(-1);
            ByteBuffer out = ByteBuffer.allocate(64 * 1024);
            out.put(CLIENT_PROTOCOL);
            if (!new ClientMessageWriter().writeTo(out, request)) {
                return Answer.UNKNOWN;
            }
            out.flip();
            OutputStream os = socket.getOutputStream();
            os.write(out.array(), 0, out.limit());
            os.flush();

            ClientMessageReader reader = new ClientMessageReader(MAX_REPLY);
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    return Answer.UNKNOWN;
                }
                if (reader.readFrom(ByteBuffer.wrap(Arrays.copyOf(chunk, n)), true)) {
                    break;
                }
            }
            ClientMessage reply = reader.getClientMessage();
            if (reply.getMessageType() != ClientAuthenticationCodec.RESPONSE_MESSAGE_TYPE) {
                return Answer.UNKNOWN;
            }
            byte status = ClientAuthenticationCodec.decodeResponse(reply).status;
            return AuthenticationStatus.getById(status) == AuthenticationStatus.AUTHENTICATED ? Answer.ACCEPTED : Answer.REFUSED;
        } catch (IOException | RuntimeException e) {
            return Answer.UNKNOWN;
        }
    }
}
