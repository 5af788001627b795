using System.Net;
using System.Text.RegularExpressions;
using PxlScheduler.Tests.Http;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Dashboard;

/// <summary>
/// The dashboard's pages as plain HTTP answers of a real `serve` (no browser needed): the stop file's banner, a
/// schedule's next fires, a bad filter, and <c>Http:ReadOnly</c>, which hides every action and refuses it even with the token.
/// </summary>
public sealed partial class DashboardPageTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task ReadOnlyServeWithAStopFile_ShowsTheBannerAndTheNextFires_AndRefusesEveryAction()
    {
        _ws.WriteFile("schedules/nightly.json", """{ "cron": "30 9 * * 1-5", "timeZone": "Europe/Paris" }""");
        _ws.WriteFile("state/run_cycle.stop", "");
        await using var serve = await ServeProcess.StartAsync(_ws.Root, new Dictionary<string, string> { ["PXL_Http__ReadOnly"] = "true" });
        using var http = new ServeHttp(serve, _ws.Root);

        var overview = await http.GetTextAsync("/");
        Assert.Contains("Stop file present", overview, StringComparison.Ordinal);
        Assert.Contains("<code>state/run_cycle.stop</code>", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"button", overview, StringComparison.Ordinal);

        var schedule = await http.GetTextAsync("/schedules/nightly");
        Assert.True(FireItem().Count(schedule) == 10, schedule);
        Assert.All(FireItem().Matches(schedule), m => Assert.Contains(m.Groups["day"].Value, new[] { "Mon", "Tue", "Wed", "Thu", "Fri" }));

        using (var bad = await http.Client.GetAsync("/runs?status=exploded"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("status", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (status, body) = await http.PostAsync("/api/v1/schedules/nightly/pause", http.Token);
        Assert.True(status == 403, body);
        Assert.Contains("Http:ReadOnly", body, StringComparison.Ordinal);
        Assert.NotEqual("paused", (await http.GetJsonAsync("/api/v1/schedules/nightly")).GetProperty("state").GetString());
        Assert.Equal(0, await serve.StopAsync());
    }

    /// <summary>One of the schedule page's next fires, in the schedule's zone: "2026-12-03 Thu 09:30:00 +01:00".</summary>
    [GeneratedRegex(@"<li>\d{4}-\d{2}-\d{2} (?<day>\w{3}) 09:30:00 (\+|&#x2B;)0[12]:00 ")]
    private static partial Regex FireItem();
}
