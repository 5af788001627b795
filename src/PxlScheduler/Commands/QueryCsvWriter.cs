using System.Globalization;

namespace PxlScheduler.Commands;

/// <summary>
/// `--format csv`, per RFC 4180: a header line, CRLF line ends, a field quoted when it holds a comma, a
/// quote, CR or LF, quotes doubled inside. NULL is an empty field; a blob is base64.
/// </summary>
internal static class QueryCsvWriter
{
    public static void Write(TextWriter output, QueryResult result)
    {
        WriteLine(output, result.Columns);
        foreach (var row in result.Rows)
        {
            WriteLine(output, row.Select(Text));
        }
    }

    private static void WriteLine(TextWriter output, IEnumerable<string> fields)
    {
        output.Write(string.Join(",", fields.Select(Quote)));
        output.Write("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] blob => Convert.ToBase64String(blob),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
