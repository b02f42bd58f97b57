package io.kitchenwatch.dashboards.reports;

/** How a report cell prints: empty for nothing, whole numbers without a decimal point. */
final class Cells {
    private Cells() {
    }

    static String text(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return cell.toString();
    }
}
