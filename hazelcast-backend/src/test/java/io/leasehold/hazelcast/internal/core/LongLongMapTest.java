package io.leasehold.hazelcast.internal.core;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The expiry tracker's primitive map behaves as a HashMap does, through growth, removal and shrinking. */
class LongLongMapTest {

    @Test
    void matchesAHashMapUnderRandomPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(42);
        LongLongMap map = new LongLongMap();
        Map<Long, Long> model = new HashMap<>();
        for (int step = 0; step < 400_000; step++) {
            // Few distinct keys, some sharing low bits, so probe runs collide and wrap.
            long key = 1 + random.nextInt(5_000) * (random.nextBoolean() ? 1L : 1L << 32);
            if (random.nextInt(3) == 0) {
                Long expected = model.remove(key);
                assertEquals(expected == null ? LongLongMap.MISSING : expected, map.remove(key), "remove " + key);
            } else {
                long value = random.nextLong(1_000_000);
                Long expected = model.put(key, value);
                assertEquals(expected == null ? LongLongMap.MISSING : expected, map.put(key, value), "put " + key);
            }
            if (step % 10_000 == 0) {
                assertEquals(model.size(), map.size());
                for (Map.Entry<Long, Long> e : model.entrySet()) {
                    assertEquals(e.getValue(), map.get(e.getKey()));
                }
            }
        }
        for (Long key : model.keySet().toArray(Long[]::new)) {
            assertEquals(model.remove(key), map.remove(key));
        }
        assertEquals(0, map.size());
        assertEquals(LongLongMap.MISSING, map.get(7));
        assertFalse(map.containsKey(7));
    }

    @Test
    void keyZeroIsRefusedAndNeverFound() {
        LongLongMap map = new LongLongMap();
        assertThrows(IllegalArgumentException.class, () -> map.put(0, 1));
        assertFalse(map.containsKey(0));
        assertEquals(LongLongMap.MISSING, map.remove(0));
    }

    @Test
    void negativeKeysAndExtremeValuesRoundTrip() {
        LongLongMap map = new LongLongMap();
        map.put(-1, Long.MAX_VALUE);
        map.put(Long.MIN_VALUE, 5);
        assertEquals(Long.MAX_VALUE, map.get(-1));
        assertEquals(5, map.get(Long.MIN_VALUE));
        assertEquals(2, map.size());
    }
}
