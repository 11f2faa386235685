package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.LeaseReply;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Misconfiguration says who is wrong and how to fix it. */
public final class Misconfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Misconfiguration.class);
    private static final String CLIENT_FAIL_ON_INDETERMINATE = "hazelcast.client.operation.fail.on.indeterminate.state";

    private static final String FIX = "Members need LeaseholdConfig.apply(config) (or the Leasehold member hook in"
            + " hazelcast.xml/yaml), clients need LeaseholdConfig.apply(clientConfig), and both need Leasehold's"
            + " jar on their classpath";

    private Misconfiguration() {
    }

    /** Fails at once if this instance cannot read Leasehold's messages (its config lacks Leasehold). */
    public static void check(HazelcastInstance hz) {
        if (!(hz instanceof SerializationServiceSupport support)) {
            return;
        }
        SerializationService ss = support.getSerializationService();
        try {
            ss.toObject(ss.toData(new LeaseReply()));
        } catch (RuntimeException e) {
            String side = hz.getClass().getName().contains("Client") ? "this client" : "this member";
            throw new IllegalStateException("Leasehold cannot run on " + side + " '" + hz.getName()
                    + "': it has no Leasehold serialization (" + e.getMessage() + "). " + FIX, e);
        }
        if (hz instanceof HazelcastClientProxy client && !failsOnIndeterminateState(client)) {
            LOG.warn("Leasehold on client '{}': {} is not true, so a call whose backups did not acknowledge is taken"
                    + " as a success that a crash of its primary could undo (a lock reported held that the cluster"
                    + " then forgets). LeaseholdConfig.apply(clientConfig) sets it unless you set it yourself.",
                    hz.getName(), CLIENT_FAIL_ON_INDETERMINATE);
        }
    }

    private static boolean failsOnIndeterminateState(HazelcastClientProxy client) {
        String value = client.getClientConfig().getProperty(CLIENT_FAIL_ON_INDETERMINATE);
        if (value == null) {
            value = System.getProperty(CLIENT_FAIL_ON_INDETERMINATE);
        }
        return Boolean.parseBoolean(value);
    }

    /** The message for a call that the members could not read. */
    static String explain(Throwable c) {
        return "the members cannot read Leasehold's messages (" + c.getMessage() + "): they run without Leasehold. "
                + FIX;
    }
}
