using PxlScheduler.Dashboard;

namespace PxlScheduler.Tests.Dashboard;

/// <summary>No text from a ledger, a log or a query reaches a dashboard page unencoded; the program's own markup does.</summary>
public sealed class HtmlWriterTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\" onmouseover=\"x", "&quot; onmouseover=&quot;x")]
    [InlineData("it's & done", "it&#x27;s &amp; done")]
    [InlineData("café 日本", "café 日本")]
    public void Hole_InTextOrAnAttribute_IsEncoded(string userText, string encoded)
    {
        var html = new HtmlWriter().Write($"<td title=\"{userText}\">{userText}</td>").ToString();

        Assert.Equal($"<td title=\"{encoded}\">{encoded}</td>", html);
    }

    [Fact]
    public void MarkupAnotherWriterBuilt_GoesInAsItIs_AndNumbersInvariantly()
    {
        var inner = new HtmlWriter().Write($"<b>{"<i>"}</b>").ToHtml();

        var html = new HtmlWriter().Write($"<p>{inner} {1234.5:0.0}</p>").ToString();

        Assert.Equal("<p><b>&lt;i&gt;</b> 1234.5</p>", html);
    }
}
