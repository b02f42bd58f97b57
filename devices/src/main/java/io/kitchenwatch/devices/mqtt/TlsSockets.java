package io.kitchenwatch.devices.mqtt;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;

/**
 * TLS sockets for Paho ({@code ssl://} URIs): trusting the CA certificates of a PEM file (a broker's self-signed
 * certificate counts as its own CA), optionally presenting a client certificate from a PKCS12 file (mutual TLS), and
 * with TCP_NODELAY set like {@link PahoSocketFactory}.
 */
public final class TlsSockets {
    private TlsSockets() {
    }

    /** Trusts what the JVM trusts (its default CA certificates). */
    public static SSLSocketFactory jvmDefault() {
        return new NoDelay((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** Trusts the certificates in {@code caPem} only. */
    public static SSLSocketFactory trusting(Path caPem) throws IOException {
        return create(caPem, Optional.empty(), null);
    }

    /** Trusts {@code caPem} and presents the key and certificate of a PKCS12 file. */
    public static SSLSocketFactory withClientCertificate(Path caPem, Path clientPkcs12, char[] password) throws IOException {
        return create(caPem, Optional.of(clientPkcs12), password);
    }

    private static SSLSocketFactory create(Path caPem, Optional<Path> clientPkcs12, char[] password) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(caPem)) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IOException(caPem + " holds no certificate");
            }
            int i = 0;
            for (Certificate c : certificates) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientPkcs12.isPresent()) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(clientPkcs12.get())) {
                    keys.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new NoDelay(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Paho requires an {@link SSLSocketFactory} for ssl:// URIs, so TCP_NODELAY is set by wrapping one. */
    private static final class NoDelay extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        NoDelay(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket configure(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
