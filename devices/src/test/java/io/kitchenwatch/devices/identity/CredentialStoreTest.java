package io.kitchenwatch.devices.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialStoreTest {
    @Test
    void readsMosquittosOwnHashes() {
        // written by `mosquitto_passwd -b -c pw alice s3cret` (Mosquitto 2.0.11)
        String mosquitto = "$7$101$ydWlRc4mgszAJcOO$14c2M1H1bE7o8NINAzBKDmm4jSHuOrIs2kal6NontPHBhDde3ph45yk2pytZJRtQVB0A1SgYMN+fS81JRR1Ibg==";
        assertTrue(MqttPasswordHash.matches(mosquitto, "s3cret"));
        assertFalse(MqttPasswordHash.matches(mosquitto, "s3cret "));
        assertFalse(MqttPasswordHash.matches("$6$abc$def", "s3cret"));
        assertFalse(MqttPasswordHash.matches("garbage", "s3cret"));
        assertFalse(MqttPasswordHash.matches("$7$99999999$AAAA$AAAA", "s3cret"));
    }

    @Test
    void keepsOnlySaltedHashesOwnerReadable(@TempDir Path dir) throws Exception {
        CredentialStore store = CredentialStore.in(dir);
        IssuedCredential a = store.issue("sch-01-cab-1", CredentialKind.DEVICE);
        IssuedCredential b = store.issue("sch-01-cab-2", CredentialKind.DEVICE);
        String file = Files.readString(store.file());
        assertFalse(file.contains(a.password()) || file.contains(b.password()), "a password in clear");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertTrue(store.find("sch-01-cab-1").orElseThrow().accepts(a.password()));
        assertFalse(store.find("sch-01-cab-1").orElseThrow().accepts(b.password()));
        assertEquals(32, a.password().length());
    }

    @Test
    void rotationReplacesAndAnotherProcessSeesIt(@TempDir Path dir) throws Exception {
        CredentialStore node = CredentialStore.in(dir);
        CredentialStore command = CredentialStore.in(dir);
        IssuedCredential first = command.issue("city-platform", CredentialKind.OBSERVER);
        Thread.sleep(1100);
        assertTrue(node.find("city-platform").orElseThrow().accepts(first.password()));
        IssuedCredential second = command.issue("city-platform", CredentialKind.OBSERVER);
        Thread.sleep(1100);
        assertFalse(node.find("city-platform").orElseThrow().accepts(first.password()));
        assertTrue(node.find("city-platform").orElseThrow().accepts(second.password()));
        assertTrue(command.revoke("city-platform"));
        Thread.sleep(1100);
        assertTrue(node.find("city-platform").isEmpty());
    }

    @Test
    void aNameKeepsItsKindAndMustBeAnId(@TempDir Path dir) {
        CredentialStore store = CredentialStore.in(dir);
        store.issue("sch-01-cab-1", CredentialKind.DEVICE);
        assertThrows(IllegalArgumentException.class, () -> store.issue("sch-01-cab-1", CredentialKind.BRIDGE));
        assertThrows(IllegalArgumentException.class, () -> store.issueAll(List.of("a:b"), CredentialKind.OBSERVER));
        assertThrows(IllegalArgumentException.class, () -> store.issue("kw/#", CredentialKind.OBSERVER));
    }
}
