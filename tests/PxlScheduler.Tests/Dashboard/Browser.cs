using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Remote;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Dashboard;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c> and <c>chromium-driver</c>, which .ci/run installs) driven by
/// Selenium, with screenshots saved under the test output's <c>screenshots/</c> and axe-core's check of a page.
/// </summary>
/// <remarks>
/// chromedriver is started here, through <see cref="ChildProcesses"/>, not by Selenium's driver service: this test
/// process runs cycles too, and a child it did not record is taken for an orphan a cycle left behind — stopped at
/// the end of another test's cycle, and its zombie reaped behind .NET's back.
/// </remarks>
internal sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    private readonly Process _driver;

    private Browser(Process driver, WebDriver web) => (_driver, Web) = (driver, web);

    public WebDriver Web { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The browser, or null (outside CI only) when Chromium is not installed.</summary>
    public static Browser? Start()
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "chromium is missing in CI: .ci/run installs Debian's chromium and chromium-driver");
            Console.WriteLine("SKIPPED browser test: apt-get install chromium chromium-driver; CI runs it");
            return null;
        }

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        var port = WebhookReceiver.FreePort();
        var driver = ChildProcesses.Start(new ProcessStartInfo(Driver, [$"--port={port}", "--allowed-ips=127.0.0.1"]) { RedirectStandardOutput = true, RedirectStandardError = true });
        driver.OutputDataReceived += (_, _) => { };
        driver.ErrorDataReceived += (_, _) => { };
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        try
        {
            Wait.UntilAsync(() => Answers(port), TimeSpan.FromSeconds(60), "chromedriver to listen").GetAwaiter().GetResult();
            var web = new RemoteWebDriver(new Uri($"http://127.0.0.1:{port}"), options.ToCapabilities(), TimeSpan.FromSeconds(60));
            web.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
            return new Browser(driver, web);
        }
        catch
        {
            driver.Kill(entireProcessTree: true);
            driver.Dispose();
            throw;
        }
    }

    public void Open(Uri baseUrl, string path) => Web.Navigate().GoToUrl(new Uri(baseUrl, path));

    /// <summary>Saves the page as <c>screenshots/NAME.png</c> at <paramref name="width"/> px; returns the path.</summary>
    public string Screenshot(string name, int width = 1280, int height = 900)
    {
        // The window is 1280 × 900 from the start: resized only for another size (fewer calls to the driver, which a
        // loaded machine has seen drop a connection).
        var resized = (width, height) != (1280, 900);
        if (resized)
        {
            Web.Manage().Window.Size = new System.Drawing.Size(width, height);
        }

        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        Web.GetScreenshot().SaveAsFile(path);
        if (resized)
        {
            Web.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        }

        return path;
    }

    /// <summary>
    /// Fails naming every serious or critical axe-core violation of the page as it stands. axe-core is the script
    /// Selenium.Axe carries (its AxeBuilder is built against WebDriver 3, so it is run here through WebDriver 4).
    /// </summary>
    public void AssertAccessible()
    {
        Web.ExecuteScript(AxeScript.Value);
        var json = Web.ExecuteAsyncScript(
            "var done = arguments[arguments.length - 1]; axe.run(document, { resultTypes: ['violations'] }).then(function (r) { done(JSON.stringify(r.violations)); }, function (e) { done(JSON.stringify([{ impact: 'critical', id: 'axe-error', help: String(e), nodes: [] }])); });") as string ?? throw new InvalidOperationException("axe.run returned nothing");
        var bad = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({string.Join("; ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("html").GetString()))})")
            .ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    private static readonly Lazy<string> AxeScript = new(() =>
    {
        var assembly = System.Reflection.Assembly.Load("Selenium.Axe");
        using var stream = assembly.GetManifestResourceStream("Selenium.Axe.Resources.axe.min.js") ?? throw new InvalidOperationException("axe.min.js is not in Selenium.Axe");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public IReadOnlyList<IWebElement> All(string css) => Web.FindElements(By.CssSelector(css));

    /// <summary>
    /// Clicks the one element <paramref name="css"/> selects, found again when a live update replaced it between the
    /// finding and the click (a stale element, seen on a loaded machine as the overview re-rendered its halt banner).
    /// </summary>
    public void Click(string css)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Web.FindElements(By.CssSelector(css)).Single().Click();
                return;
            }
            catch (StaleElementReferenceException) when (patience.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Replaced meanwhile: find it again.
            }
        }
    }

    /// <summary>The text of every element <paramref name="css"/> selects, read in one script (a live update cannot swap them midway).</summary>
    public IReadOnlyList<string> Texts(string css) =>
        ((IEnumerable<object>)Web.ExecuteScript("return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.innerText; });", css)!).Select(o => (string)o).ToList();

    /// <summary>The text of the element with <paramref name="id"/>, or null while there is none (or it is being replaced).</summary>
    public string? TextOf(string id)
    {
        try
        {
            return Web.FindElements(By.Id(id)) is [var element, ..] ? element.Text : null;
        }
        catch (StaleElementReferenceException)
        {
            return null;
        }
    }

    public object? Script(string script) => Web.ExecuteScript(script);

    public void Dispose()
    {
        try
        {
            Web.Quit();
            Web.Dispose();
        }
        finally
        {
            _driver.Kill(entireProcessTree: true);
            _driver.WaitForExit();
            _driver.Dispose();
        }
    }

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
