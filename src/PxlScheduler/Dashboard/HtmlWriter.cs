using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace PxlScheduler.Dashboard;

/// <summary>
/// Writes the dashboard's HTML from interpolated templates: the literal parts of a template are the program's own
/// text and go in as they are; every hole is encoded with <see cref="HtmlEncoder"/> (text or a double-quoted
/// attribute value alike), unless it is <see cref="Html"/> another writer built. So no user text — a schedule's name,
/// a goal, an error, a log line, a query parameter — can reach the page unencoded.
/// </summary>
internal sealed class HtmlWriter
{
    /// <summary>Encodes &lt; &gt; &amp; " ' and controls; leaves letters of every script readable.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text = new();

    /// <summary>Appends <paramref name="template"/>: literals as they are, holes encoded.</summary>
    public HtmlWriter Write([System.Runtime.CompilerServices.InterpolatedStringHandlerArgument("")] ref HtmlTemplate template) => template.Writer == this ? this : throw new ArgumentException("the template belongs to another writer", nameof(template));

    /// <summary>Appends markup another writer built.</summary>
    public HtmlWriter Write(Html html)
    {
        _text.Append(html.Markup);
        return this;
    }

    /// <summary>Appends <paramref name="text"/>, encoded.</summary>
    public HtmlWriter Text(string? text)
    {
        if (text is not null)
        {
            Encoder.Encode(new StringWriter(_text), text);
        }

        return this;
    }

    /// <summary>The markup so far.</summary>
    public Html ToHtml() => new(_text.ToString());

    public override string ToString() => _text.ToString();

    /// <summary>One template of <see cref="HtmlWriter"/>, from an interpolated string.</summary>
    [System.Runtime.CompilerServices.InterpolatedStringHandler]
    public readonly ref struct HtmlTemplate
    {
        private readonly HtmlWriter _writer;

        public HtmlTemplate(int literalLength, int formattedCount, HtmlWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _writer = writer;
        }

        /// <summary>The writer the template appended to.</summary>
        public HtmlWriter Writer => _writer;

        public void AppendLiteral(string literal) => _writer._text.Append(literal);

        public void AppendFormatted(Html html) => _writer._text.Append(html.Markup);

        public void AppendFormatted(string? text) => _writer.Text(text);

        public void AppendFormatted<T>(T value) => _writer.Text(value switch
        {
            null => null,
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        });

        public void AppendFormatted<T>(T value, string format)
            where T : IFormattable => _writer.Text(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
    }
}
