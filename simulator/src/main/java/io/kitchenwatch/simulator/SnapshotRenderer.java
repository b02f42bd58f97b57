package io.kitchenwatch.simulator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Draws a camera's view of a kitchen in code (walls, tiles, counters, people while it works) with sensor noise, and
 * encodes it as JPEG. Each camera gets its own fixed layout from its seed, so consecutive frames look alike.
 */
final class SnapshotRenderer {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    private final long layoutSeed;

    SnapshotRenderer(long layoutSeed) {
        this.layoutSeed = layoutSeed;
    }

    byte[] render(boolean lightsOn, int people, boolean black, Random noise) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Random layout = new Random(layoutSeed);
        int base = lightsOn ? 200 : 45;
        g.setColor(rgb(base - 20, base - 15, base - 10));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(rgb(base - 60, base - 55, base - 50));
        for (int x = 0; x < WIDTH; x += 32) {
            g.drawLine(x, 0, x, HEIGHT / 2);
        }
        for (int y = 0; y < HEIGHT / 2; y += 32) {
            g.drawLine(0, y, WIDTH, y);
        }
        g.setColor(rgb(base / 2, base / 2, base / 2 + 10));
        g.fillRect(0, HEIGHT / 2, WIDTH, HEIGHT / 2);
        for (int i = 0; i < 4; i++) {
            int x = layout.nextInt(WIDTH - 160);
            int y = HEIGHT / 2 + layout.nextInt(HEIGHT / 4);
            g.setColor(rgb(base - 10, base, base + 20));
            g.fillRect(x, y, 120 + layout.nextInt(100), 40 + layout.nextInt(40));
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x, y, 120, 40);
        }
        Random walk = new Random(noise.nextLong());
        for (int p = 0; p < people; p++) {
            int x = 40 + walk.nextInt(WIDTH - 120);
            int y = HEIGHT / 3 + walk.nextInt(HEIGHT / 3);
            g.setColor(Color.WHITE);
            g.fillRect(x, y, 40, 110);
            g.setColor(new Color(230, 190, 160));
            g.fillOval(x + 8, y - 28, 26, 28);
        }
        g.dispose();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int n = noise.nextInt(9) - 4;
            int v = black ? 6 + n : -1;
            if (black) {
                v = Math.max(0, v);
                px[i] = (v << 16) | (v << 8) | v;
            } else {
                int r = clamp(((px[i] >> 16) & 0xff) + n);
                int gr = clamp(((px[i] >> 8) & 0xff) + n);
                int b = clamp((px[i] & 0xff) + n);
                px[i] = (r << 16) | (gr << 8) | b;
            }
        }
        return jpeg(img);
    }

    private static Color rgb(int r, int g, int b) {
        return new Color(clamp(r), clamp(g), clamp(b));
    }

    /** A lens under a cloth: an even brownish grey, only sensor noise left. */
    byte[] covered(Random noise) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int n = noise.nextInt(5) - 2;
            px[i] = (clamp(96 + n) << 16) | (clamp(84 + n) << 8) | clamp(70 + n);
        }
        return jpeg(img);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] jpeg(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.7f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
