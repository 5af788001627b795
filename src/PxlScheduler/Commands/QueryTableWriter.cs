using System.Globalization;

namespace PxlScheduler.Commands;

/// <summary>
/// `--format table` (the default): columns as wide as their widest value up to <see cref="MaxWidth"/>,
/// longer values cut with an ellipsis, line breaks shown as ⏎, NULL as <c>NULL</c>, then a row count.
/// For people; the machine formats are json and csv.
/// </summary>
internal static class QueryTableWriter
{
    public const int MaxWidth = 48;

    public static void Write(TextWriter output, QueryResult result)
    {
        var cells = result.Rows.Select(row => row.Select(Cell).ToArray()).ToList();
        var widths = result.Columns.Select((name, i) => Math.Min(MaxWidth, cells.Select(c => c[i].Length).Append(name.Length).Max())).ToArray();
        output.WriteLine(Line(result.Columns, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({result.Rows.Count} row{(result.Rows.Count == 1 ? "" : "s")})"));
    }

    private static string Line(IReadOnlyList<string> values, int[] widths) =>
        string.Join("  ", values.Select((v, i) => Fit(v, widths[i]))).TrimEnd();

    private static string Fit(string value, int width) => value.Length > width ? value[..(width - 1)] + "…" : value.PadRight(width);

    private static string Cell(object? value) => value switch
    {
        null => "NULL",
        byte[] blob => $"<{blob.Length} bytes>",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").ReplaceLineEndings("⏎"),
    };
}
