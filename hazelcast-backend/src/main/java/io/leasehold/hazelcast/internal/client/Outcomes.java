package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.leasehold.LeaseholdUnavailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place that turns Hazelcast's exceptions into Leasehold's, and says for each whether the
 * outcome of the call is <b>known</b> (it failed and changed nothing), <b>unknown</b> (it may or may
 * not have been applied: retry with the same hold or request id until the answer is known), or a
 * <b>bug</b> (passed through as it is).
 */
public final class Outcomes {

    /** What a failed call tells about the state of the cluster. */
    enum Kind {
        /** Not applied: the cluster refused it (split-brain protection, this instance stopped, bad input). */
        FAILED,
        /** Maybe applied: the connection or the member went away, or the backups did not confirm in time. */
        UNKNOWN,
        /** Ours or the JDK's: a bug or an argument error, passed through. */
        OURS
    }

    /** Retrying an unknown outcome: the first pause, the longest pause, how long in all. */
    static final long FIRST_PAUSE_MILLIS = 20;
    static final long MAX_PAUSE_MILLIS = 500;
    static final long RETRY_FOR_MILLIS = 10_000;

    private Outcomes() {
    }

    static Throwable cause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static Kind kind(Throwable t) {
        Throwable c = cause(t);
        if (c instanceof SplitBrainProtectionException || c instanceof HazelcastInstanceNotActiveException) {
            return Kind.FAILED;
        }
        if (c instanceof IndeterminateOperationStateException || c instanceof TargetDisconnectedException
                || c instanceof MemberLeftException || c instanceof OperationTimeoutException
                || c instanceof TargetNotMemberException || c instanceof RetryableException
                || c instanceof TimeoutException || c instanceof java.io.IOException
                || isClientOffline(c)) {
            return Kind.UNKNOWN;
        }
        if (c instanceof HazelcastException) {
            return Kind.FAILED;
        }
        String type = c.getClass().getName();
        if (type.startsWith("io.leasehold.") || type.startsWith("java.lang.")) {
            return Kind.OURS;
        }
        return Kind.FAILED;
    }

    private static boolean isClientOffline(Throwable c) {
        String type = c.getClass().getName();
        return type.equals("com.hazelcast.client.HazelcastClientOfflineException");
    }

    /** Our exception for a failed call about {@code what}; ours and the JDK's pass through. */
    public static RuntimeException map(Throwable t, String what) {
        Throwable c = cause(t);
        if (kind(c) == Kind.OURS && c instanceof RuntimeException runtime) {
            return runtime;
        }
        if (c instanceof SplitBrainProtectionException) {
            return new LeaseholdUnavailableException(what + ": refused by split-brain protection, this side of the"
                    + " cluster has fewer members than the quorum (" + c.getMessage() + ")", c);
        }
        if (isMissingSerializer(c)) {
            return new LeaseholdUnavailableException(what + ": " + Misconfiguration.explain(c), c);
        }
        if (kind(c) == Kind.UNKNOWN) {
            return new LeaseholdUnavailableException(what + ": the cluster could not be reached or did not confirm ("
                    + c.getClass().getSimpleName() + ": " + c.getMessage() + ")", c);
        }
        return new LeaseholdUnavailableException(what + ": " + c, c);
    }

    private static boolean isMissingSerializer(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("No DataSerializerFactory registered for namespace: "
                    + SerializationIds.FACTORY_ID)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a call, retrying it while its outcome is unknown, for up to {@link #RETRY_FOR_MILLIS}. The
     * call must be idempotent (same hold or request id each time). Throws {@link Unknown} if the
     * outcome is still unknown at the end, the mapped exception if it failed.
     */
    static <T> T retrying(Supplier<T> call, String what, LongSupplier nanos) {
        long giveUpAt = nanos.getAsLong() + RETRY_FOR_MILLIS * 1_000_000;
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (kind(e) != Kind.UNKNOWN) {
                    throw map(e, what);
                }
                if (nanos.getAsLong() - giveUpAt >= 0) {
                    throw new Unknown(what + ": the outcome is unknown, the cluster could not be reached or did not"
                            + " confirm (" + cause(e).getClass().getSimpleName() + ": " + cause(e).getMessage() + ")",
                            cause(e));
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Unknown(what + ": interrupted while the outcome was unknown", e);
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /**
     * The asynchronous form of {@link #retrying}: an unknown outcome is retried, with the same
     * idempotent call, after a pause, for up to {@link #RETRY_FOR_MILLIS}. Never blocks a thread.
     */
    static <T> CompletableFuture<T> retryingAsync(Supplier<? extends CompletionStage<T>> call, String what,
                                                  LongSupplier nanos, Executor executor) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, what, nanos, executor, nanos.getAsLong() + RETRY_FOR_MILLIS * 1_000_000, FIRST_PAUSE_MILLIS, result);
        return result;
    }

    private static <T> void attempt(Supplier<? extends CompletionStage<T>> call, String what, LongSupplier nanos,
                                    Executor executor, long giveUpAt, long pause, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenCompleteAsync((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (kind(error) != Kind.UNKNOWN) {
                result.completeExceptionally(map(error, what));
            } else if (nanos.getAsLong() - giveUpAt >= 0) {
                result.completeExceptionally(new Unknown(what + ": the outcome is unknown, the cluster could not be"
                        + " reached or did not confirm (" + cause(error) + ")", cause(error)));
            } else {
                Executor later = CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, executor);
                later.execute(() -> attempt(call, what, nanos, executor, giveUpAt, Math.min(MAX_PAUSE_MILLIS, pause * 2),
                        result));
            }
        }, executor);
    }

    /** The outcome of a call is still unknown after retrying: the caller settles it in the background. */
    static final class Unknown extends LeaseholdUnavailableException {
        Unknown(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
