package io.kitchenwatch.analytics.camera;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading a cabinet's indicator light and door from a line camera's region of interest. */
class RoiWatcherIT {
    private final Random random = new Random(9);

    /** A disinfection line: grey wall, a cabinet with an indicator at (64..96, 48..72) and a door (320..448, 240..432). */
    private byte[] line(boolean lightOn, boolean doorOpen) throws Exception {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(110, 110, 115));
        g.fillRect(0, 0, 640, 480);
        g.setColor(lightOn ? new Color(250, 240, 200) : new Color(60, 60, 60));
        g.fillOval(64, 48, 32, 24);
        if (doorOpen) {
            g.setColor(new Color(30, 30, 30));          // the dark inside of the cabinet
            g.fillRect(320, 240, 128, 192);
            g.setColor(new Color(200, 200, 200));       // racks of bowls
            for (int y = 250; y < 420; y += 30) {
                g.fillRect(330, y, 108, 8);
            }
        } else {
            g.setColor(new Color(170, 175, 180));       // a stainless door with a handle and a window
            g.fillRect(320, 240, 128, 192);
            g.setColor(new Color(40, 40, 40));
            g.fillRect(424, 320, 10, 40);
            g.setColor(new Color(90, 100, 120));
            g.fillRect(340, 260, 60, 50);
        }
        g.dispose();
        for (int i = 0; i < 30_000; i++) {
            int x = random.nextInt(640);
            int y = random.nextInt(480);
            int rgb = img.getRGB(x, y);
            int v = Math.max(0, Math.min(255, (rgb & 0xff) + random.nextInt(7) - 3));
            img.setRGB(x, y, (v << 16) | (v << 8) | v);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void anIndicatorLightIsOnWhenItsRegionOutshinesThePicture() throws Exception {
        RoiWatcher w = new RoiWatcher(new Roi(0.1, 0.1, 0.05, 0.05, Roi.Watch.INDICATOR_LIGHT, "cab"));
        assertEquals(Optional.of(true), w.observe(line(true, false)));
        assertEquals(Optional.of(false), w.observe(line(false, false)));
    }

    @Test
    void aDoorIsOpenWhenItNoLongerLooksLikeTheClosedDoorItLearnt() throws Exception {
        RoiWatcher w = new RoiWatcher(new Roi(0.5, 0.5, 0.2, 0.4, Roi.Watch.DOOR, "cab"));
        for (int i = 0; i < RoiWatcher.LEARN_FRAMES; i++) {
            assertEquals(Optional.empty(), w.observe(line(i % 2 == 0, false)), "learning the closed door");
        }
        assertEquals(Optional.of(false), w.observe(line(true, false)));
        assertEquals(Optional.of(true), w.observe(line(true, true)));
        assertEquals(Optional.of(false), w.observe(line(false, false)));
    }

    @Test
    void roisComeFromCameraSettingsAndBadOnesAreRefused() {
        Roi roi = Roi.of(Map.of("roi", Map.of("x", 0.1, "y", 0.2, "w", 0.1, "h", 0.1, "watch", "door", "cabinet", "cab-1"))).orElseThrow();
        assertEquals(Roi.Watch.DOOR, roi.watch());
        assertEquals("door_open_seen", roi.field());
        assertEquals(Optional.empty(), Roi.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Roi.of(Map.of("roi", Map.of("x", 0.9, "y", 0.2, "w", 0.5, "h", 0.1, "watch", "door", "cabinet", "c"))));
        assertThrows(IllegalArgumentException.class, () -> Roi.of(Map.of("roi", Map.of("x", 0.1, "y", 0.2, "w", 0.1, "h", 0.1, "watch", "lamp", "cabinet", "c"))));
    }
}
