package parity.report;

import java.util.List;
import java.util.Locale;
import parity.compare.StepDiff;
import parity.compare.TrajectoryComparison;

/**
 * A training run compared, as an inline SVG line chart: per step the largest absolute and relative
 * difference over the loss and every parameter, on a logarithmic axis, with the relative tolerance of
 * each step, {@code rtol·(1+k)} ({@link TrajectoryComparison#toleranceAtStep}), and the first failing
 * step marked. A difference of 0 sits on the bottom edge, a non-finite one on the top edge.
 */
final class TrainingChart {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 34;
    private static final String ABS = "#2171b5";
    private static final String REL = "#e6550d";

    private TrainingChart() {
    }

    static String svg(TrajectoryComparison training) {
        List<StepDiff> steps = training.steps();
        int last = Math.max(1, steps.size() - 1);
        double[] abs = steps.stream().mapToDouble(StepDiff::maxAbs).toArray();
        double[] rel = steps.stream().mapToDouble(StepDiff::maxRel).toArray();
        double[] tolerance = steps.stream()
                .mapToDouble(s -> TrajectoryComparison.toleranceAtStep(training.tolerance(), s.step()).rtol()).toArray();
        double smallest = Double.POSITIVE_INFINITY;
        double greatest = 0;
        for (double[] series : new double[][] {abs, rel, tolerance}) {
            for (double v : series) {
                if (v > 0 && Double.isFinite(v)) {
                    smallest = Math.min(smallest, v);
                    greatest = Math.max(greatest, v);
                }
            }
        }
        if (greatest == 0) {
            smallest = 1;
            greatest = 1;
        }
        int low = (int) Math.floor(Math.log10(smallest));
        int high = Math.max(low + 1, (int) Math.ceil(Math.log10(greatest)));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"training\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"largest difference per training step\" font-size=\"11\">");
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth())
                .append("\" height=\"").append(plotHeight()).append("\" fill=\"#fafafa\" stroke=\"#999\"/>");
        int every = Math.max(1, (high - low + 5) / 6);
        for (int decade = low; decade <= high; decade += every) {
            String y = f(y(Math.pow(10, decade), low, high));
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth()).append("\" y1=\"")
                    .append(y).append("\" y2=\"").append(y).append("\" stroke=\"#ddd\"/>");
            svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">1e").append(decade).append("</text>");
        }
        int stride = Math.max(1, (last + 9) / 10);
        for (int k = 0; k <= last; k += stride) {
            svg.append("<text x=\"").append(f(x(k, last))).append("\" y=\"").append(TOP + plotHeight() + 14)
                    .append("\" text-anchor=\"middle\">").append(k).append("</text>");
        }
        svg.append("<text x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"middle\">step</text>");
        polyline(svg, tolerance, last, low, high, "#000", " stroke-dasharray=\"5 4\"");
        polyline(svg, abs, last, low, high, ABS, "");
        polyline(svg, rel, last, low, high, REL, "");
        int failing = training.firstFailingStep();
        if (failing >= 0) {
            String x = f(x(failing, last));
            svg.append("<g class=\"first-failing\" data-step=\"").append(failing).append("\"><line x1=\"").append(x)
                    .append("\" x2=\"").append(x).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(TOP + plotHeight()).append("\" stroke=\"#de2d26\" stroke-width=\"2\"/>");
            svg.append("<text x=\"").append(x).append("\" y=\"").append(TOP - 4).append("\" text-anchor=\"")
                    .append(failing > last / 2 ? "end" : "start").append("\" fill=\"#de2d26\">first failing step ")
                    .append(failing).append("</text></g>");
        }
        legend(svg);
        svg.append("</svg>");
        return svg.toString();
    }

    private static void legend(StringBuilder svg) {
        String[][] entries = {{ABS, "", "max |a - b|"}, {REL, "", "max |a - b| / |b|"},
            {"#000", " stroke-dasharray=\"5 4\"", "rtol·(1+k)"}};
        int x = LEFT;
        for (String[] entry : entries) {
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 18).append("\" y1=\"10\" y2=\"10\" stroke=\"")
                    .append(entry[0]).append("\" stroke-width=\"2\"").append(entry[1]).append("/>");
            svg.append("<text x=\"").append(x + 22).append("\" y=\"14\">").append(Html.text(entry[2])).append("</text>");
            x += 140;
        }
    }

    private static void polyline(StringBuilder svg, double[] values, int last, int low, int high, String colour,
            String style) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"").append(style)
                .append(" points=\"");
        for (int k = 0; k < values.length; k++) {
            svg.append(k == 0 ? "" : " ").append(f(x(k, last))).append(',').append(f(y(values[k], low, high)));
        }
        svg.append("\"/>");
        for (int k = 0; k < values.length && values.length <= 60; k++) {
            svg.append("<circle cx=\"").append(f(x(k, last))).append("\" cy=\"").append(f(y(values[k], low, high)))
                    .append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>");
        }
    }

    private static double x(int step, int last) {
        return LEFT + plotWidth() * (double) step / last;
    }

    /** The height of a value on the log axis; 0 on the bottom edge, anything not finite on the top. */
    private static double y(double value, int low, int high) {
        if (!(value > 0)) {
            return Double.isNaN(value) ? TOP : TOP + plotHeight();
        }
        if (!Double.isFinite(value)) {
            return TOP;
        }
        double position = (Math.log10(value) - low) / (high - low);
        return TOP + plotHeight() * (1 - Math.max(0, Math.min(1, position)));
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static String f(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }
}
