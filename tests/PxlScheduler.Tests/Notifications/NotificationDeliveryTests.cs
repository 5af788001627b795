using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Notifications;

/// <summary>
/// SPEC 14 end to end: a real `pxl serve` on a real SQLite store, a real webhook receiver on 127.0.0.1, schedules
/// whose cycles fail and recover; the operator's resume through `pxl` in this process.
/// </summary>
public sealed class NotificationDeliveryTests : IDisposable
{
    private const string Secret = "s3cret-not-to-be-logged";

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Serve_HaltResumeRecover_OneEventEach_HaltRetriedAfterTwo500sUnderOneSignedId()
    {
        using var receiver = WebhookReceiver.Start(0, 500, 500);
        WriteSettings(receiver.Url, """["halted", "resumed", "recovered"]""");
        var script = _ws.WriteScript("flaky.sh", "[ -f fixed ] || exit 1");
        _ws.WriteFile("schedules/loop.json", $$"""
            { "continuous": { "sleepSeconds": 1 }, "command": "{{script}}", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }
            """);

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => Delivered(receiver, "schedule.halted").Count == 1, TimeSpan.FromSeconds(60), "the halt delivered");

        File.WriteAllText(_ws.PathOf("fixed"), "");
        var resume = await PxlCli.RunAsync(_ws.Root, "resume", "loop");
        Assert.True(resume.ExitCode == 0, resume.ToString());
        await Wait.UntilAsync(() => Delivered(receiver, "run.recovered").Count == 1, TimeSpan.FromSeconds(60), "the recovery delivered");
        // Absence of a second delivery can only be shown by waiting: several polls and cycles.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, await serve.StopAsync());

        var requests = receiver.Requests;
        var halts = requests.Where(r => r.Header("X-Pxl-Event") == "schedule.halted").ToList();
        Assert.Equal([500, 500, 200], halts.Select(r => r.AnsweredWith));
        Assert.Single(halts.Select(r => r.Header("X-Pxl-Event-Id")).Distinct());
        Assert.All(requests, r => Assert.Equal(Sign(r.Body), r.Header("X-Pxl-Signature")));
        Assert.Single(Delivered(receiver, "schedule.resumed"));
        Assert.Single(Delivered(receiver, "run.recovered"));
        Assert.Equal(3, requests.Count(r => r.AnsweredWith == 200));

        using var halt = JsonDocument.Parse(halts[^1].Body);
        Assert.Equal(halts[^1].Header("X-Pxl-Event-Id"), halt.RootElement.GetProperty("id").GetString());
        Assert.Equal("loop", halt.RootElement.GetProperty("schedule").GetString());
        Assert.StartsWith("halted after 2 consecutive failure(s)", halt.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, halt.RootElement.GetProperty("failing_runs").GetArrayLength());
        Assert.Equal($"https://pxl.example.org/runs/{halt.RootElement.GetProperty("run_id").GetString()}", halt.RootElement.GetProperty("link").GetString());

        Assert.DoesNotContain(Secret, serve.Output, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(_ws.PathOf("logs"), "pxl-*.log"), log => Assert.DoesNotContain(Secret, File.ReadAllText(log), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_KilledWithAnUndeliveredHalt_DeliversItOnceAfterRestart_UnderTheSameId()
    {
        var port = WebhookReceiver.FreePort();
        WriteSettings($"http://127.0.0.1:{port}/hook", """["halted"]""");
        var script = _ws.WriteScript("fail.sh", "exit 1");
        _ws.WriteFile("schedules/doomed.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{script}}", "maxFailures": 1 }""");

        string eventId;
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            // The receiver is down: the halt is tried and waits in the outbox.
            await Wait.UntilAsync(async () => (await PxlCli.RunAsync(_ws.Root, "notify", "list")).Output.Contains("refused", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60), "a failed attempt at the halt");
            await serve.CrashAsync();
        }

        var list = await PxlCli.RunAsync(_ws.Root, "notify", "list");
        var row = Assert.Single(list.Output.Split('\n'), l => l.Contains("schedule.halted", StringComparison.Ordinal));
        Assert.Contains("pending", row, StringComparison.Ordinal);
        eventId = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        using var receiver = WebhookReceiver.Start(port);
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => receiver.Requests.Count >= 1, TimeSpan.FromSeconds(60), "the halt delivered after the restart");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, await serve.StopAsync());
        }

        var delivered = Assert.Single(receiver.Requests);
        Assert.Equal(eventId, delivered.Header("X-Pxl-Event-Id"));
        Assert.Equal("schedule.halted", delivered.Header("X-Pxl-Event"));
        Assert.Contains("delivered", Assert.Single((await PxlCli.RunAsync(_ws.Root, "notify", "list")).Output.Split('\n'), l => l.Contains(eventId, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_StopFileForgotten_ScheduleOverdueOnce()
    {
        using var receiver = WebhookReceiver.Start();
        WriteSettings(receiver.Url, """["overdue"]""", """ "OverdueGraceSeconds": 1, "OverdueCheckSeconds": 0.3, """);
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/tick.json", $$"""{ "cron": "* * * * * ?", "command": "{{script}}", "timeoutSeconds": 1 }""");
        _ws.WriteFile("state/run_cycle.stop", "");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => Delivered(receiver, "schedule.overdue").Count >= 1, TimeSpan.FromSeconds(30), "the overdue event");
        // The same deadline is raised once: several checks pass without another.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, await serve.StopAsync());

        using var overdue = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Equal("tick", overdue.RootElement.GetProperty("schedule").GetString());
        Assert.Contains("no run recorded since serve started", overdue.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Serve_RunPastItsTimeoutAndACommandThatCannotStart_EachRaiseTheirEventWithTheRun()
    {
        using var receiver = WebhookReceiver.Start();
        WriteSettings(receiver.Url, """["timeout", "start_failed"]""");
        var hang = _ws.WriteScript("hang.sh", "exec sleep 60");
        _ws.WriteFile("schedules/stuck.json", $$"""{ "continuous": { "sleepSeconds": 30 }, "command": "{{hang}}", "timeoutSeconds": 1, "maxFailures": 1 }""");
        _ws.WriteFile("schedules/gone.json", """{ "continuous": { "sleepSeconds": 30 }, "command": "/nonexistent/planner", "maxFailures": 1 }""");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(
            () => Delivered(receiver, "run.timeout").Count == 1 && Delivered(receiver, "run.start_failed").Count == 1,
            TimeSpan.FromSeconds(60),
            "run.timeout and run.start_failed delivered");
        Assert.Equal(0, await serve.StopAsync());

        var runs = LedgerFile.Read(_ws.Root);
        using var timeout = JsonDocument.Parse(Delivered(receiver, "run.timeout")[0].Body);
        Assert.Equal("stuck", timeout.RootElement.GetProperty("schedule").GetString());
        Assert.Equal("timeout", timeout.RootElement.GetProperty("status").GetString());
        Assert.Contains(runs, r => r.Text("run_id") == timeout.RootElement.GetProperty("run_id").GetString() && r.Text("status") == "timeout");

        using var startFailed = JsonDocument.Parse(Delivered(receiver, "run.start_failed")[0].Body);
        Assert.Equal("gone", startFailed.RootElement.GetProperty("schedule").GetString());
        Assert.Contains("/nonexistent/planner", startFailed.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(runs, r => r.Text("run_id") == startFailed.RootElement.GetProperty("run_id").GetString() && r.Text("status") == "start_failed");
    }

    private static List<WebhookReceiver.Received> Delivered(WebhookReceiver receiver, string eventName) =>
        [.. receiver.Requests.Where(r => r.AnsweredWith == 200 && r.Header("X-Pxl-Event") == eventName)];

    private static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private void WriteSettings(string url, string events, string extra = "") => _ws.WriteFile("appsettings.json", $$"""
        {
          "Http": { "PublicUrl": "https://pxl.example.org/" },
          "Notifications": {
            "RetryBaseSeconds": 0.3, "RetryMaxSeconds": 1, "PollSeconds": 0.2, {{extra}}
            "Channels": [ { "Name": "ops", "Type": "webhook", "Url": "{{url}}", "Secret": "{{Secret}}", "Events": {{events}} } ]
          },
          "Serilog": { "WriteTo": [ { "Name": "File", "Args": { "path": "logs/pxl-.log" } } ] }
        }
        """);
}
