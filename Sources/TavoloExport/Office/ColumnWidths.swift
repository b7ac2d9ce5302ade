/// How the paged formats (ODT, DOCX, and the PDF made from the ODT) share a page's width
/// between a table's columns.
enum ColumnWidths {
    /// Widths in cm sharing the text width (17 cm on A4 with 2 cm margins). Each column first gets room for its longest
    /// word (a word is never broken: "Dalle" printed as "Dall/e" was the complaint), then the
    /// rest is shared by each column's longest content (at most 40 characters), so a number or
    /// a time column stays narrow and a text column takes what is left.
    static func centimetres(header: [String], rows: [[String]], textWidth: Double = 17) -> [Double] {
        // DejaVu Sans at 9.5 pt: about 0.2 cm a character, bold headers a little more; 0.2 cm of padding.
        func wordWidth(_ text: String, bold: Bool) -> Double {
            let longest = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(\.count).max() ?? 0
            return Double(longest) * (bold ? 0.22 : 0.2) + 0.25
        }
        let cells = header.indices.map { column in rows.compactMap { $0.indices.contains(column) ? $0[column] : nil } }
        var minimum = header.indices.map { column in
            max(wordWidth(header[column], bold: true), cells[column].map { wordWidth($0, bold: false) }.max() ?? 0, 1.0)
        }
        let floor = minimum.reduce(0, +)
        if floor > textWidth {
            // Words longer than a page's share: scale the minimums down (a very long word then wraps).
            minimum = minimum.map { $0 * textWidth / floor }
            return minimum
        }
        let weights = header.indices.map { column in
            Double(([header[column]] + cells[column]).map { min(max($0.count, 4), 40) }.max() ?? 4)
        }
        let total = weights.reduce(0, +)
        // Share the remainder by weight, but a column already wider than its share keeps its minimum.
        let spare = textWidth - floor
        return header.indices.map { column in minimum[column] + spare * weights[column] / total }
    }
}
