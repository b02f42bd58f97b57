package io.kitchenwatch.dashboards.reports;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/**
 * The time a report covers, [from, to) in epoch ms, with a name: a calendar day, ISO week (Monday first) or month in
 * the reports' time zone, or any range.
 */
public record ReportPeriod(String kind, long from, long to, ZoneId zone) {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public ReportPeriod {
        if (from >= to) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
    }

    /** The day, week or month that contains {@code date}. */
    public static ReportPeriod containing(String kind, LocalDate date, ZoneId zone) {
        LocalDate start = switch (kind) {
            case "day" -> date;
            case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> date.withDayOfMonth(1);
            default -> throw new IllegalArgumentException("period is day, week or month, not " + kind);
        };
        LocalDate end = switch (kind) {
            case "day" -> start.plusDays(1);
            case "week" -> start.plusWeeks(1);
            default -> start.plusMonths(1);
        };
        return new ReportPeriod(kind, start.atStartOfDay(zone).toInstant().toEpochMilli(),
                end.atStartOfDay(zone).toInstant().toEpochMilli(), zone);
    }

    /** The last complete day, week or month before {@code now}: what "yesterday's" or "last week's" report means. */
    public static ReportPeriod lastComplete(String kind, Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate inPrevious = switch (kind) {
            case "day" -> today.minusDays(1);
            case "week" -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusDays(1);
            case "month" -> today.withDayOfMonth(1).minusDays(1);
            default -> throw new IllegalArgumentException("period is day, week or month, not " + kind);
        };
        return containing(kind, inPrevious, zone);
    }

    public static ReportPeriod range(long from, long to, ZoneId zone) {
        return new ReportPeriod("range", from, to, zone);
    }

    /** {@code 2026-11-30}, {@code 2026-11-30 – 2026-12-06} or the exact range, in the period's zone. */
    public String label() {
        LocalDate first = Instant.ofEpochMilli(from).atZone(zone).toLocalDate();
        LocalDate last = Instant.ofEpochMilli(to - 1).atZone(zone).toLocalDate();
        return switch (kind) {
            case "day" -> DAY.format(first);
            case "week", "month" -> DAY.format(first) + " – " + DAY.format(last);
            default -> time(from) + " – " + time(to);
        };
    }

    /** A name for files: {@code day-2026-11-30}, {@code week-2026-11-30}, {@code range-<from>-<to>}. */
    public String fileStem() {
        return kind.equals("range") ? "range-" + from + "-" + to
                : kind + "-" + DAY.format(Instant.ofEpochMilli(from).atZone(zone).toLocalDate());
    }

    /** A time in the period's zone, to the minute. */
    public String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }
}
