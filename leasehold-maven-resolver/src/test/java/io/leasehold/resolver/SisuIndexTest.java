package io.leasehold.resolver;

import com.hazelcast.client.HazelcastClient;
import org.eclipse.aether.named.NamedLockFactory;
import org.eclipse.aether.named.NamedLockKey;
import org.junit.jupiter.api.Test;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Maven finds the factory as it finds Resolver's own: Sisu's index ({@code META-INF/sisu/javax.inject.Named})
 * lists the class, {@code @Named("leasehold")} is the name {@code aether.syncContext.named.factory} selects,
 * {@code @Singleton} gives one per build, and the {@code @Inject} constructor takes no argument. Creating it
 * connects nowhere: the client starts on first use.
 */
class SisuIndexTest {

    @Test
    void theIndexListsTheFactory() throws IOException {
        List<String> listed = new ArrayList<>();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/sisu/javax.inject.Named"))) {
            try (InputStream in = index.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(line -> !line.isEmpty()).forEach(listed::add);
            }
        }
        assertTrue(listed.contains(LeaseholdNamedLockFactory.class.getName()), "Sisu's index lists " + listed);
    }

    @Test
    void theFactoryIsNamedLeaseholdAndASingletonWithAnInjectableConstructor() throws NoSuchMethodException {
        Class<LeaseholdNamedLockFactory> type = LeaseholdNamedLockFactory.class;
        assertTrue(NamedLockFactory.class.isAssignableFrom(type));
        assertEquals("leasehold", type.getAnnotation(Named.class).value());
        assertEquals(LeaseholdNamedLockFactory.NAME, type.getAnnotation(Named.class).value());
        assertNotNull(type.getAnnotation(Singleton.class));
        assertTrue(Modifier.isPublic(type.getModifiers()));
        assertNotNull(type.getConstructor().getAnnotation(Inject.class));
    }

    @Test
    void creatingTheFactoryStartsNoClientAndAShutDownOneRefusesLocks() {
        int clientsBefore = HazelcastClient.getAllHazelcastClients().size();
        NamedLockFactory factory = new LeaseholdNamedLockFactory();
        assertEquals(clientsBefore, HazelcastClient.getAllHazelcastClients().size(), "no client until first use");
        factory.shutdown();
        factory.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> factory.getLock(NamedLockKey.of("after-shutdown")));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        assertEquals(clientsBefore, HazelcastClient.getAllHazelcastClients().size());
    }
}
