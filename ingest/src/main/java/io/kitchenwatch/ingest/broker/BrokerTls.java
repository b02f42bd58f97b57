package io.kitchenwatch.ingest.broker;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import io.kitchenwatch.devices.identity.MqttPasswordHash;
import io.kitchenwatch.devices.identity.SecretFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker's MQTT-over-TLS listener: its key and certificate (a PKCS12 keystore given by the operator, or a
 * self-signed one generated on first start into the TLS folder with the JDK's keytool, its certificate also written
 * as PEM for clients to trust), and, when a client CA is given, the truststore that lets devices log in with a
 * certificate instead of a password (mutual TLS).
 *
 * @param certificatePem the broker's certificate chain as PEM: what a client trusts (for a generated one, the CA)
 * @param clientCaTruststore a PKCS12 truststore made from the client CA's PEM, when devices may present certificates
 */
public record BrokerTls(String bindAddress, int port, Path keystore, String keystorePassword, Path certificatePem,
                        Optional<Path> clientCaTruststore, String truststorePassword) {
    static final String ALIAS = "kitchenwatch-broker";

    @Override
    public String toString() {
        return "BrokerTls[" + bindAddress + ":" + port + ", " + keystore + clientCaTruststore.map(t -> ", clients by " + t).orElse("") + "]";
    }

    /**
     * Prepares the listener's files in {@code tlsDir}: uses the given keystore, or the one generated on an earlier
     * start, or generates one now; converts the client CA's PEM (if any) into a truststore HiveMQ reads.
     */
    public static BrokerTls prepare(Path tlsDir, String bindAddress, int port, Optional<Path> givenKeystore,
                                    Optional<String> givenPassword, Optional<Path> clientCaPem) throws IOException {
        Files.createDirectories(tlsDir);
        Path keystore;
        String password;
        if (givenKeystore.isPresent()) {
            keystore = givenKeystore.get().toAbsolutePath();
            password = givenPassword.orElseThrow(() -> new IOException("a keystore needs its password (--mqtt-tls-keystore-password)"));
        } else {
            keystore = tlsDir.resolve("broker.p12").toAbsolutePath();
            Path passwordFile = tlsDir.resolve("broker.p12.password");
            if (!Files.isRegularFile(keystore) || !Files.isRegularFile(passwordFile)) {
                SecretFiles.write(passwordFile, MqttPasswordHash.randomSecret());
                Files.deleteIfExists(keystore);
                generateSelfSigned(keystore, passwordFile);
            }
            password = Files.readString(passwordFile).trim();
        }
        Path pem = tlsDir.resolve("broker-certificate.pem").toAbsolutePath();
        Files.writeString(pem, toPem(chainOf(keystore, password)));
        Optional<Path> truststore = Optional.empty();
        String trustPassword = "";
        if (clientCaPem.isPresent()) {
            trustPassword = MqttPasswordHash.randomSecret();
            Path trust = tlsDir.resolve("client-ca.p12").toAbsolutePath();
            writeTruststore(clientCaPem.get(), trust, trustPassword);
            truststore = Optional.of(trust);
        }
        return new BrokerTls(bindAddress, port, keystore, password, pem, truststore, trustPassword);
    }

    public BrokerTls withPort(int chosen) {
        return new BrokerTls(bindAddress, chosen, keystore, keystorePassword, certificatePem, clientCaTruststore, truststorePassword);
    }

    /** The HiveMQ listener element. */
    String listenerXml() {
        String clients = clientCaTruststore.map(t -> """
                      <truststore><path>%s</path><password>%s</password></truststore>
                      <client-authentication-mode>OPTIONAL</client-authentication-mode>
                """.formatted(xml(t), xml(truststorePassword))).orElse("");
        return """
                <tls-tcp-listener><port>%d</port><bind-address>%s</bind-address>
                    <tls>
                      <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                %s    </tls>
                  </tls-tcp-listener>""".formatted(port, xml(bindAddress), xml(keystore), xml(keystorePassword), xml(keystorePassword), clients);
    }

    /** A self-signed EC certificate for localhost, 127.0.0.1 and this host's name, valid ten years. */
    private static void generateSelfSigned(Path keystore, Path passwordFile) throws IOException {
        List<String> names = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host.matches("[A-Za-z0-9.-]+") && !host.equals("localhost")) {
                names.add("dns:" + host);
            }
        } catch (IOException ignored) {
            // no resolvable host name: localhost and 127.0.0.1 only
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // passwords go through a file, never the command line (which other users can read)
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "3650", "-dname", "CN=KitchenWatch MQTT broker",
                "-ext", "SAN=" + String.join(",", names),
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass:file", passwordFile.toString(), "-keypass:file", passwordFile.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(keystore)) {
                throw new IOException("keytool could not make the broker's certificate: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the broker's certificate", e);
        }
        SecretFiles.restrict(keystore);
    }

    private static List<Certificate> chainOf(Path keystore, String password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return List.of(ks.getCertificateChain(alias));
                }
            }
            throw new IOException(keystore + " holds no key");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static void writeTruststore(Path caPem, Path truststore, String password) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("client-ca-" + i++, c);
            }
            if (i == 0) {
                throw new IOException(caPem + " holds no certificate");
            }
            try (OutputStream out = Files.newOutputStream(truststore)) {
                ks.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the client CA " + caPem + ": " + e.getMessage(), e);
        }
    }

    static String toPem(List<Certificate> chain) throws IOException {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        try {
            for (Certificate c : chain) {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded())).append("\n-----END CERTIFICATE-----\n");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return pem.toString();
    }

    /** The device id a client certificate names: its subject's CN. */
    static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<String> names = new ArrayList<>();
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
            // a subject with two CNs names nobody: which one a CA meant is not ours to guess
            return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static String xml(Object value) {
        return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
