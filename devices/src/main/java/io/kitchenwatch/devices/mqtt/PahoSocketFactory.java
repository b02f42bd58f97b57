package io.kitchenwatch.devices.mqtt;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Plain TCP sockets for Paho with what it leaves out. TCP_NODELAY: without it QoS 1 round trips stall on Nagle +
 * delayed ACK near 1k msg/s. A read buffer: Paho reads each packet in several small reads (its type byte, each byte of
 * its length, then the rest), and on a bare socket each is a system call; buffered, a burst of packets costs one.
 */
public final class PahoSocketFactory extends SocketFactory {
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new BufferedReadSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket s = createSocket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static final class BufferedReadSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), READ_BUFFER_BYTES);
            }
            return in;
        }
    }
}
