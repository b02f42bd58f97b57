package io.kitchenwatch.dashboards.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPeriodTest {
    private static long shanghai(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(ReportPeriod.DEFAULT_ZONE).toInstant().toEpochMilli();
    }

    @Test
    void lastWeekIsTheMondayToSundayBeforeThisOne() {
        // Monday 7 December 2026, 01:00 in Shanghai (still Sunday in UTC)
        ReportPeriod week = ReportPeriod.lastComplete("week", Instant.parse("2026-12-06T17:00:00Z"), ReportPeriod.DEFAULT_ZONE);
        assertEquals(shanghai("2026-11-30T00:00"), week.from());
        assertEquals(shanghai("2026-12-07T00:00"), week.to());
        assertEquals("2026-11-30 – 2026-12-06", week.label());
        assertEquals("week-2026-11-30", week.fileStem());
    }

    @Test
    void daysAndMonthsFollowTheCalendarOfTheReportsZone() {
        ReportPeriod yesterday = ReportPeriod.lastComplete("day", Instant.parse("2026-12-01T16:30:00Z"), ReportPeriod.DEFAULT_ZONE);
        assertEquals("2026-12-01", yesterday.label(), "00:30 on 2 December in Shanghai: yesterday is 1 December");
        ReportPeriod february = ReportPeriod.containing("month", LocalDate.of(2028, 2, 10), ReportPeriod.DEFAULT_ZONE);
        assertEquals(29L * 86_400_000L, february.to() - february.from(), "a leap February");
        assertEquals("2028-02-01 – 2028-02-29", february.label());
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        Table t = new Table("t", "", List.of("a", "b", "c"), List.of(List.of("=HYPERLINK(\"x\")", "a,b", -3.0), List.of("+1", "", 2.5)));
        String csv = CsvZip.csv(t);
        assertEquals("a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",-3\r\n'+1,,2.5\r\n", csv);
        assertTrue(HtmlReport.esc("<script>&\"'").equals("&lt;script&gt;&amp;&quot;&#39;"));
    }
}
