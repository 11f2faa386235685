package io.leasehold.boot.example;

import io.leasehold.shedlock.LeaseholdLockProvider;
import io.leasehold.spring.LeaseholdLockRegistry;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The README's Spring Boot application, compiled (and run by {@code ShippingApplicationTest}). */
@SpringBootApplication
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT1M")
public class ShippingApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShippingApplication.class, args);
    }

    /** Ships an order under the registry's lock for it: the starter's LockRegistry bean. */
    @Component
    public static class Shipping {
        private final LeaseholdLockRegistry locks;
        private final Ledger ledger;

        public Shipping(LeaseholdLockRegistry locks, Ledger ledger) {
            this.locks = locks;
            this.ledger = ledger;
        }

        public void ship(String orderId) throws InterruptedException {
            String key = "order-" + orderId;
            locks.executeLocked(key, () -> ledger.write(key, locks.obtain(key).fence()));
        }
    }

    /** Runs on one instance of the application at a time: the starter's ShedLock LockProvider bean. */
    @Component
    public static class DailyReport {
        private final Ledger ledger;

        public DailyReport(Ledger ledger) {
            this.ledger = ledger;
        }

        @Scheduled(fixedDelayString = "${shipping.report.every:PT1H}")
        @SchedulerLock(name = "daily-report", lockAtMostFor = "PT1M")
        public void publish() {
            ledger.write("daily-report", LeaseholdLockProvider.currentFence());
        }
    }
}
