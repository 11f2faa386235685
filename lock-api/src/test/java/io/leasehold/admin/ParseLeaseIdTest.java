package io.leasehold.admin;

import io.leasehold.LeaseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@link LeaseholdAdmin#parseLeaseId}: lease ids as tools print them, and clear refusals of anything else. */
class ParseLeaseIdTest {

    @Test
    void acceptsThePrintedFormsOfALeaseId() {
        assertEquals(0x1a2bL, LeaseholdAdmin.parseLeaseId("1a2b"));
        assertEquals(0x1a2bL, LeaseholdAdmin.parseLeaseId("0x1A2B"));
        assertEquals(0x1a2bL, LeaseholdAdmin.parseLeaseId("lease 1a2b"));
        assertEquals(0x1a2bL, LeaseholdAdmin.parseLeaseId("  lease 0X1a2b  "));
        assertEquals(-1L, LeaseholdAdmin.parseLeaseId("ffffffffffffffff"), "two's complement for the upper half");
        assertEquals(Long.MIN_VALUE, LeaseholdAdmin.parseLeaseId("8000000000000000"));
    }

    @Test
    void refusesWhatIsNotALeaseIdNamingTheText() {
        assertEquals("lease id is missing",
                assertThrows(IllegalArgumentException.class, () -> LeaseholdAdmin.parseLeaseId(null)).getMessage());
        for (String bad : new String[] {"", "   ", "0x", "lease ", "xyz", "-1", "+1a", "0x-1", "1a 2b",
                "1ffffffffffffffff", "lease lease 1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LeaseholdAdmin.parseLeaseId(bad), "'" + bad + "'");
            assertTrue(e.getMessage().contains("lease id '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("is not a hexadecimal lease id"), e.getMessage());
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> LeaseholdAdmin.parseLeaseId("lease 0"));
        assertTrue(zero.getMessage().contains("0 is never a lease id"), zero.getMessage());
    }

    @Property(tries = 300)
    void everyPrintedLeaseIdParsesBack(@ForAll long leaseId) {
        if (leaseId == 0) {
            return; // 0 is never a lease id
        }
        assertEquals(leaseId, LeaseholdAdmin.parseLeaseId(LeaseException.format(leaseId)));
        assertEquals(leaseId, LeaseholdAdmin.parseLeaseId("0x" + Long.toHexString(leaseId)));
    }
}
