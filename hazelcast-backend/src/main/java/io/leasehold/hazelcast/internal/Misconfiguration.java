package io.leasehold.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;

/** Misconfiguration says who is wrong and how to fix it. */
final class Misconfiguration {

    private static final String FIX = "Members need LeaseholdConfig.apply(config) (or the Leasehold member hook in"
            + " hazelcast.xml/yaml), clients need LeaseholdConfig.apply(clientConfig), and both need Leasehold's"
            + " jar on their classpath";

    private Misconfiguration() {
    }

    /** Fails at once if this instance cannot read Leasehold's messages (its config lacks Leasehold). */
    static void check(HazelcastInstance hz) {
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
    }

    /** The message for a call that the members could not read. */
    static String explain(Throwable c) {
        return "the members cannot read Leasehold's messages (" + c.getMessage() + "): they run without Leasehold. "
                + FIX;
    }
}
