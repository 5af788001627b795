using System.Text.Encodings.Web;
using System.Text.Json;

namespace PxlScheduler.Commands;

/// <summary>
/// `--format json`: an array with one object per row, keyed by column name; SQLite's types kept (integer, real, text,
/// null; a blob as base64; a real JSON cannot hold, ±infinity or NaN, as text).
/// </summary>
internal static class QueryJsonWriter
{
    public static void Write(TextWriter output, QueryResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var row in result.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    json.WritePropertyName(result.Columns[i]);
                    switch (row[i])
                    {
                        case null:
                            json.WriteNullValue();
                            break;
                        case long number:
                            json.WriteNumberValue(number);
                            break;
                        case double real when double.IsFinite(real):
                            json.WriteNumberValue(real);
                            break;
                        case double real:
                            // JSON has no infinity or NaN (SELECT 1e999, or a huge number in a foreign line's raw):
                            // written as the text the table and CSV show, rather than failing the whole query.
                            json.WriteStringValue(real.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case byte[] blob:
                            json.WriteBase64StringValue(blob);
                            break;
                        case var other:
                            json.WriteStringValue(other.ToString());
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
