package parity.report;

import parity.api.Tensor;
import parity.compare.ErrorMap;
import parity.compare.PairComparison;
import parity.compare.TensorDiff;

/**
 * One tensor's {@link ErrorMap} as a figure: an inline SVG with a cell per element, or per block of a
 * large tensor (its greatest ratio), coloured by {@link ErrorScale}; the element with the greatest ratio
 * outlined, its index and both values in the outline's tooltip and in the caption.
 */
final class Heatmap {

    /** The side of the drawing's longer edge, in pixels, before cells are clamped to 4–16 px. */
    private static final int TARGET_PX = 160;

    private Heatmap() {
    }

    static String figure(TensorDiff tensor, PairComparison pair) {
        StringBuilder html = new StringBuilder();
        html.append("<figure class=\"heatmap\" data-tensor=\"").append(Html.text(tensor.tensor()))
                .append("\" data-status=\"").append(tensor.status()).append("\">");
        ErrorMap map = tensor.errors();
        if (map == null) {
            html.append("<p class=\"nomap\">").append(tensor.shapesAgree() ? "no element compared"
                    : "shape " + Tensor.shapeText(tensor.candidateShape()) + " from " + Html.text(pair.candidate().name())
                    + ", " + Tensor.shapeText(tensor.referenceShape()) + " from " + Html.text(pair.reference().name()))
                    .append("</p>");
        } else {
            svg(html, tensor, map, pair);
        }
        html.append("<figcaption><b>").append(Html.text(tensor.tensor())).append("</b> ")
                .append(Tensor.shapeText(tensor.referenceShape())).append(' ').append(tensor.status());
        if (map != null) {
            if (!map.elementWise()) {
                html.append(", a cell per ").append(map.blockRows()).append('×').append(map.blockCols())
                        .append(" block (its greatest ratio)");
            }
            html.append("<br>greatest ratio ").append(Brief.number(map.largestRatio()))
                    .append(Html.text(at(map))).append(": ").append(values(map, pair));
        }
        html.append("</figcaption></figure>");
        return html.toString();
    }

    private static void svg(StringBuilder html, TensorDiff tensor, ErrorMap map, PairComparison pair) {
        int rows = map.gridRows();
        int cols = map.gridCols();
        int cell = Math.max(4, Math.min(16, TARGET_PX / Math.max(rows, cols)));
        // A long vector's single row of 4 px cells would be a hairline: at least 16 px high, cells stretched.
        html.append("<svg viewBox=\"0 0 ").append(cols).append(' ').append(rows).append("\" width=\"")
                .append(cols * cell).append("\" height=\"").append(Math.max(16, rows * cell))
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"error ratio of ")
                .append(Html.text(tensor.tensor())).append("\">");
        // One path per colour; a run of equal colour in a row is one rectangle, stretched down over the rows
        // below that hold the same run: a 64×64 map, or a tensor that is all one colour, stays small.
        StringBuilder[] paths = new StringBuilder[ErrorScale.bins() + 1];
        int[][] colours = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                colours[r][c] = colourOf(map.cell(r, c));
            }
        }
        boolean[][] drawn = new boolean[rows][cols];
        for (int r = 0; r < rows; r++) {
            int c = 0;
            while (c < cols) {
                int colour = colours[r][c];
                int end = c + 1;
                while (end < cols && colours[r][end] == colour) {
                    end++;
                }
                if (!drawn[r][c]) {
                    int bottom = r + 1;
                    while (bottom < rows && sameRun(colours[bottom], c, end, colour)) {
                        java.util.Arrays.fill(drawn[bottom], c, end, true);
                        bottom++;
                    }
                    if (paths[colour] == null) {
                        paths[colour] = new StringBuilder();
                    }
                    paths[colour].append('M').append(c).append(' ').append(r).append('h').append(end - c)
                            .append('v').append(bottom - r).append("h-").append(end - c).append('z');
                }
                c = end;
            }
        }
        for (int colour = 0; colour < paths.length; colour++) {
            if (paths[colour] != null) {
                String fill = colour == ErrorScale.bins() ? ErrorScale.NOT_COMPARED : ErrorScale.colour(colour);
                html.append("<path fill=\"").append(fill).append("\" d=\"").append(paths[colour]).append("\"/>");
            }
        }
        int x = map.largestCol() / map.blockCols();
        int y = map.largestRow() / map.blockRows();
        // A black outline inside a white one: visible on white, blue and red cells alike.
        html.append("<g class=\"worst\" data-index=\"").append(Html.text(map.largest().index())).append("\"><title>")
                .append(Html.text(tensor.tensor() + at(map) + ": ratio " + Brief.number(map.largestRatio())
                        + ", " + pair.candidate().name() + " " + map.largest().candidate() + ", "
                        + pair.reference().name() + " " + map.largest().reference()))
                .append("</title>");
        // Their strokes are the page's style (g.worst rect), written once rather than in every map.
        for (String outline : new String[] {"halo", "outline"}) {
            html.append("<rect class=\"").append(outline).append("\" x=\"").append(x).append("\" y=\"").append(y)
                    .append("\" width=\"1\" height=\"1\"/>");
        }
        html.append("</g></svg>");
    }

    /** Whether {@code row} holds exactly the run [start, end) of {@code colour}: no more, no less. */
    private static boolean sameRun(int[] row, int start, int end, int colour) {
        for (int c = start; c < end; c++) {
            if (row[c] != colour) {
                return false;
            }
        }
        return (start == 0 || row[start - 1] != colour) && (end == row.length || row[end] != colour);
    }

    /** The scale's bin of a cell; one past the last for a cell with nothing compared. */
    private static int colourOf(double ratio) {
        return Double.isNaN(ratio) ? ErrorScale.bins() : ErrorScale.bin(ratio);
    }

    /** {@code " at [i][j]"}, or nothing for a scalar. */
    private static String at(ErrorMap map) {
        String index = map.largest().index();
        return index.isEmpty() ? "" : " at " + index;
    }

    private static String values(ErrorMap map, PairComparison pair) {
        return Html.text(pair.candidate().name()) + " " + map.largest().candidate() + ", "
                + Html.text(pair.reference().name()) + " " + map.largest().reference();
    }
}
