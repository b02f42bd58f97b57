package io.kitchenwatch.analytics.camera;

import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.registry.WorkingHours;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.kitchenwatch.analytics.camera.CameraHealthVideoIT.VTEST;
import static io.kitchenwatch.analytics.camera.CameraHealthVideoIT.jpeg;
import static io.kitchenwatch.analytics.camera.CameraHealthVideoIT.noisy;
import static io.kitchenwatch.analytics.camera.CameraHealthVideoIT.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Motion, after-hours activity and people in a special room, on vtest.avi (people walking through a hall). */
class ActivityVideoIT {
    static final long NIGHT = 1_764_363_600_000L;   // 2025-11-28T21:00:00Z, 05:00 in Shanghai
    static final WorkingHours KITCHEN = WorkingHours.parse(ZoneId.of("Asia/Shanghai"), List.of("06:00-19:30"));
    static final List<Mat> HALL = new ArrayList<>();
    static final FrameMeasurer MEASURER = new FrameMeasurer();

    @BeforeAll
    static void readVideo() throws Exception {
        // every 4th frame: snapshots come seconds apart, so people have moved on between them
        List<Mat> all = CameraHealthVideoIT.frames(VTEST, 160);
        for (int i = 0; i < all.size(); i += 4) {
            HALL.add(all.get(i));
        }
    }

    private static List<String> watch(ActivityRules rules, MotionDetector motion, PeopleDetector people, List<byte[]> frames, long start) {
        List<String> out = new ArrayList<>();
        long ts = start;
        for (byte[] jpeg : frames) {
            double fg = motion.foreground(MEASURER.measure(jpeg).orElseThrow().motionView());
            for (Finding f : rules.onFrame(ts, fg, () -> people.count(jpeg))) {
                out.add((f.raised() ? "+" : "-") + f.type().wireName());
            }
            ts += 10_000;
        }
        return out;
    }

    private static List<byte[]> staticNight(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(jpeg(noisy(scaled(HALL.get(0), 0.4, 0), 3)));
        }
        return out;
    }

    private static List<byte[]> walking(int from, int to) {
        return HALL.subList(from, to).stream().map(CameraHealthVideoIT::jpeg).toList();
    }

    @Test
    void walkingPeopleMoveAndANoisyEmptyNightDoesNot() {
        try (MotionDetector motion = new MotionDetector()) {
            for (byte[] f : staticNight(20)) {
                assertEquals(0.0, motion.foreground(MEASURER.measure(f).orElseThrow().motionView()), 1e-9);
            }
        }
        try (MotionDetector motion = new MotionDetector()) {
            int moving = 0;
            for (byte[] f : walking(0, 40)) {
                moving += MotionDetector.isMotion(motion.foreground(MEASURER.measure(f).orElseThrow().motionView())) ? 1 : 0;
            }
            assertTrue(moving >= 30, "moving frames: " + moving + " of 35 after warm-up");
        }
    }

    @Test
    void motionInAClosedKitchenIsAfterHoursActivityAndStopsWhenItIsQuiet() {
        List<byte[]> night = new ArrayList<>(staticNight(10));
        night.addAll(walking(10, 20));
        List<byte[]> quietAgain = staticNight(10);
        try (MotionDetector motion = new MotionDetector(); PeopleDetector people = new PeopleDetector()) {
            ActivityRules rules = new ActivityRules("s", "cam", KITCHEN, false);
            List<String> seen = watch(rules, motion, people, night, NIGHT);
            assertEquals(List.of("+after_hours_activity"), seen);
            List<String> after = watch(rules, motion, people, quietAgain, NIGHT + 200_000);
            assertEquals(List.of("-after_hours_activity"), after);
        }
    }

    @Test
    void theSameMotionDuringWorkingHoursIsNormal() {
        try (MotionDetector motion = new MotionDetector(); PeopleDetector people = new PeopleDetector()) {
            ActivityRules rules = new ActivityRules("s", "cam", KITCHEN, true);
            long noon = NIGHT + 7 * 3_600_000L;   // 12:00 in Shanghai
            List<byte[]> frames = new ArrayList<>(staticNight(6));
            frames.addAll(walking(6, 30));
            assertEquals(List.of(), watch(rules, motion, people, frames, noon));
        }
    }

    @Test
    void peopleInASpecialRoomOutsideItsUseAreCounted() {
        try (PeopleDetector people = new PeopleDetector()) {
            int withPeople = 0;
            for (byte[] f : walking(0, 20)) {
                withPeople += people.count(f) > 0 ? 1 : 0;
            }
            assertTrue(withPeople >= 10, "frames with people found: " + withPeople);
        }
        List<byte[]> night = new ArrayList<>(staticNight(8));
        night.addAll(walking(8, 20));
        try (MotionDetector motion = new MotionDetector(); PeopleDetector people = new PeopleDetector()) {
            ActivityRules rules = new ActivityRules("s", "cam-special", KITCHEN, true);
            List<String> seen = watch(rules, motion, people, night, NIGHT);
            assertTrue(seen.contains("+people_in_special_room"), seen.toString());
            assertTrue(seen.contains("+after_hours_activity"), seen.toString());
        }
    }
}
