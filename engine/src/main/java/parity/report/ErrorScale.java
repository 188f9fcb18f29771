package parity.report;

/**
 * The heatmaps' colour scale for the error ratio {@code r = |a - b| / (atol + rtol * |b|)}: logarithmic,
 * one colour per decade. Within tolerance ({@code r <= 1}) white for an exact match, then blues from
 * {@code r <= 1e-8} to {@code 1e-1 < r <= 1}; out of tolerance ({@code r > 1}) reds, one decade each up to
 * {@code r > 1000}, NaN and ±Infinity: a different hue, so that a failing element cannot pass for a
 * nearly failing one. Grey: not compared.
 */
final class ErrorScale {

    /** The upper bound of each bin but the last; bin 0 holds exactly 0. */
    private static final double[] UPPER = {0, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000};
    private static final String[] LABEL = {"0", "≤1e-8", "1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "0.1", "1",
        "10", "100", "1e3", ">1e3"};
    private static final String[] COLOUR = {"#ffffff", "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6",
        "#2171b5", "#08519c", "#08306b", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"};
    static final String NOT_COMPARED = "#bdbdbd";
    /** The first bin out of tolerance. */
    static final int FIRST_FAILING = 10;

    private ErrorScale() {
    }

    static int bins() {
        return COLOUR.length;
    }

    /** The bin of a ratio: the first whose upper bound is at least r; the last for r > 1000, NaN or +Infinity. */
    static int bin(double ratio) {
        for (int i = 0; i < UPPER.length; i++) {
            if (ratio <= UPPER[i]) {
                return i;
            }
        }
        return UPPER.length;
    }

    static String colour(int bin) {
        return COLOUR[bin];
    }

    /** The scale as an SVG strip: a swatch per bin with its upper bound, the tolerance edge drawn between 1 and 10. */
    static String legend() {
        int swatch = 38;
        int width = (bins() + 1) * swatch + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"legend\" viewBox=\"0 0 ").append(width).append(" 44\" width=\"").append(width)
                .append("\" height=\"44\" role=\"img\" aria-label=\"colour scale of the error ratio\">");
        for (int i = 0; i < bins(); i++) {
            swatch(svg, i * swatch, swatch, COLOUR[i], LABEL[i]);
        }
        swatch(svg, bins() * swatch + 8, swatch, NOT_COMPARED, "n/c");
        int edge = FIRST_FAILING * swatch;
        svg.append("<line x1=\"").append(edge).append("\" y1=\"0\" x2=\"").append(edge)
                .append("\" y2=\"24\" stroke=\"#000\" stroke-width=\"3\"/>");
        svg.append("</svg>");
        return svg.toString();
    }

    private static void swatch(StringBuilder svg, int x, int width, String colour, String label) {
        svg.append("<rect x=\"").append(x).append("\" y=\"2\" width=\"").append(width).append("\" height=\"20\" fill=\"")
                .append(colour).append("\" stroke=\"#888\" stroke-width=\"0.5\"/>");
        svg.append("<text x=\"").append(x + width / 2).append("\" y=\"38\" text-anchor=\"middle\" font-size=\"11\">")
                .append(Html.text(label)).append("</text>");
    }
}
