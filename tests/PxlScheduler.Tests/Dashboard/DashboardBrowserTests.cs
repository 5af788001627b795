using System.Net;
using OpenQA.Selenium;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Dashboard;

/// <summary>
/// The dashboard (issue 16) as an operator sees it: a real `serve` with real cycles, a real headless Chromium. Each
/// test saves screenshots under the test output's <c>screenshots/</c> and checks the pages with axe-core.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Overview_ShowsTheHalt_SignedOutNothingIsAccepted_ResumeSignedInLiftsIt_AndANewRunAppearsWithoutReload()
    {
        var ok = _ws.WriteScript("ok.sh", "echo working; sleep 0.3; echo done");
        var flaky = _ws.WriteScript("flaky.sh", "echo trying; [ -f fixed ] || { echo 'the mirror is unreachable' >&2; exit 1; }");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 2 }, "command": "{{ok}}", "goal": "Keep the loop green" }""");
        _ws.WriteFile("schedules/flaky.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{flaky}}", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }""");
        _ws.WriteFile("schedules/nightly.json", $$"""{ "cron": "30 9 * * 1-5", "timeZone": "Europe/Paris", "command": "{{ok}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var browser = Browser.Start();
        if (browser is null)
        {
            return;
        }

        var url = serve.BaseUrl!;
        browser.Open(url, "/");
        await Wait.UntilAsync(() => { browser.Open(url, "/"); return browser.All("#halt-flaky").Count == 1 && browser.All("tr[data-schedule=loop] rect.st-success").Count >= 2; }, Patience, "the halt banner and two runs of loop");
        Assert.Equal(["flaky", "loop", "nightly"], browser.Texts("table.overview tbody th a"));
        var banner = browser.Texts("section.banner.error").Single();
        Assert.Contains("flaky is halted", banner, StringComparison.Ordinal);
        Assert.Contains("2 consecutive failure", banner, StringComparison.Ordinal);
        Assert.Contains("the mirror is unreachable", banner, StringComparison.Ordinal);
        Assert.Contains("at 09:30 Monday to Friday", browser.Texts("tr[data-schedule=nightly]").Single(), StringComparison.Ordinal);
        browser.AssertAccessible();
        browser.Screenshot("overview-halted");
        browser.Screenshot("overview-halted-360", width: 360, height: 1400);

        // Signed out: no action is shown, and none is accepted.
        Assert.Empty(browser.All("a.button"));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = url };
        using (var anonymous = await http.PostAsync("/schedules/flaky/resume", new FormUrlEncodedContent([new("return", "/")])))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        browser.Open(url, "/signin?return=%2F");
        browser.AssertAccessible();
        browser.Web.FindElement(By.Id("token")).SendKeys("not-the-token-at-all");
        browser.Web.FindElement(By.Id("signin")).Click();
        Assert.Contains("not this serve's token", browser.Web.PageSource, StringComparison.Ordinal);
        browser.Web.FindElement(By.Id("token")).SendKeys(File.ReadAllText(_ws.PathOf("state/http.token")).Trim());
        browser.Web.FindElement(By.Id("signin")).Click();
        await Wait.UntilAsync(() => browser.All("section[aria-labelledby=halt-flaky] a.button.resume").Count == 1, Patience, "the Resume button once signed in");
        Assert.Contains("Signed in.", browser.Texts("p.flash").Single(), StringComparison.Ordinal);

        // Signed in, a form without the antiforgery token is refused: the session cookie alone does nothing.
        var session = browser.Web.Manage().Cookies.GetCookieNamed("pxl_session")!;
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/schedules/flaky/resume") { Content = new FormUrlEncodedContent([new("return", "/")]) })
        {
            forged.Headers.Add("Cookie", $"pxl_session={session.Value}");
            using var refused = await http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("antiforgery", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Single(browser.All("#halt-flaky"));
        File.WriteAllText(_ws.PathOf("fixed"), "");
        browser.Click("section[aria-labelledby=halt-flaky] a.button.resume");
        Assert.Contains("Resume flaky", browser.Web.Title, StringComparison.Ordinal);
        browser.AssertAccessible();
        browser.Web.FindElement(By.Id("confirm")).Click();
        await Wait.UntilAsync(() => browser.All("p.flash").Count == 1, Patience, "the resume's message");
        Assert.Contains("halt lifted", browser.Texts("p.flash").Single(), StringComparison.Ordinal);
        Assert.Empty(browser.All("#halt-flaky"));

        // The live update: the new run shows up in this very page, which is not loaded again.
        browser.Script("window.pxlSamePage = 'yes';");
        await Wait.UntilAsync(() => browser.All("tr[data-schedule=flaky] rect.st-success").Count >= 1, Patience, "flaky's successful run in the strip, live");
        Assert.Equal("yes", browser.Script("return window.pxlSamePage;"));
        browser.AssertAccessible();
        browser.Screenshot("overview");
        browser.Screenshot("overview-360", width: 360, height: 1400);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task RunPage_ShowsTheLogLinesOfARunningCycleAsTheCommandPrintsThem()
    {
        var slow = _ws.WriteScript("slow.sh", $"echo first-line; while [ ! -f {_ws.PathOf("release")} ]; do sleep 0.1; done; echo second-line; while [ ! -f {_ws.PathOf("finish")} ]; do sleep 0.1; done; echo last-line");
        _ws.WriteFile("schedules/slow.json", $$"""{ "continuous": { "sleepSeconds": 600 }, "command": "{{slow}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var browser = Browser.Start();
        if (browser is null)
        {
            return;
        }

        var markers = _ws.PathOf("state/in_flight");
        await Wait.UntilAsync(() => Directory.Exists(markers) && Directory.GetFiles(markers, "*.json").Length == 1, Patience, "the run in flight");
        var runId = Path.GetFileNameWithoutExtension(Directory.GetFiles(markers, "*.json").Single());
        browser.Open(serve.BaseUrl!, $"/runs/{runId}");
        await Wait.UntilAsync(() => { browser.Open(serve.BaseUrl!, $"/runs/{runId}"); return (browser.TextOf("log") ?? "").Contains("first-line", StringComparison.Ordinal); }, Patience, "the first line on the run's page");
        Assert.Equal("running", browser.Web.FindElement(By.Id("run-status")).Text);
        browser.Script("window.pxlSamePage = 'yes';");

        File.WriteAllText(_ws.PathOf("release"), "");
        await Wait.UntilAsync(() => (browser.TextOf("log") ?? "").Contains("second-line", StringComparison.Ordinal), Patience, "the second line, followed live");
        Assert.DoesNotContain("last-line", browser.Web.FindElement(By.Id("log")).Text, StringComparison.Ordinal);
        browser.AssertAccessible();
        browser.Screenshot("run-following");

        File.WriteAllText(_ws.PathOf("finish"), "");
        await Wait.UntilAsync(() => browser.TextOf("run-status") == "success", Patience, "the run's end on its page");
        Assert.Contains("last-line", browser.Web.FindElement(By.Id("log")).Text, StringComparison.Ordinal);
        Assert.Equal("yes", browser.Script("return window.pxlSamePage;"));
        browser.Screenshot("run-finished", width: 360, height: 1400);
        Assert.Equal(0, await serve.StopAsync());
    }
}
