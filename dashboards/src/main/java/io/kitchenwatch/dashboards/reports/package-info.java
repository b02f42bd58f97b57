/**
 * Reports regulators file: a scope's figures for a period gathered from the store ({@code FactsGatherer}), turned into
 * tables ({@code ReportBuilder}, pure), rendered as PDF, CSV zip and printable HTML with server-side charts in an
 * embedded CJK font, built in the background ({@code ReportJobs}) and every night per region ({@code DailyReports}).
 */
package io.kitchenwatch.dashboards.reports;
