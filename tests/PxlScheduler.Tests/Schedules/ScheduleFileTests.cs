using System.Text.Json;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Schedules;

/// <summary>Schedule files through `pxl schedules validate` and `pxl schedules next`, as an operator runs them.</summary>
public sealed class ScheduleFileTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Validate_CommentsAndTrailingCommas_AreAccepted()
    {
        _ws.WriteFile("schedules/nightly.json", """
            {
              // every night at 02:30 Berlin time
              "cron": "30 2 * * *",
              "timeZone": "Europe/Berlin",
              "backoff": { "baseSeconds": 60, "maxSeconds": 600, },
              "misfire": "fireOnce",
            }
            """);
        _ws.WriteFile("schedules/loop.json", """{ "continuous": { "sleepSeconds": 0 }, "enabled": false }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 schedule(s) valid in schedules", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileWithAUtf8ByteOrderMark_IsAccepted()
    {
        // Some editors start a UTF-8 file with EF BB BF.
        var path = _ws.WriteFile("schedules/nightly.json", "");
        File.WriteAllBytes(path, [.. "\uFEFF"u8, .. """{ "cron": "30 2 * * *" }"""u8]);

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 schedule(s) valid in schedules", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "cron": "* * * * *", "colour": "red" }""", "schedules/bad.json: colour: unknown field; valid: name, cron")]
    [InlineData("""{ "mode": "experimental" }""", "schedules/bad.json: cron: give exactly one of \"cron\" and \"continuous\"")]
    [InlineData("""{ "cron": "* * * * *", "continuous": { "sleepSeconds": 5 } }""", "schedules/bad.json: cron: give exactly one of \"cron\" and \"continuous\"")]
    [InlineData("""{ "cron": "61 * * * *" }""", "schedules/bad.json: cron: the minute field '61' has '61'; valid: 0–59")]
    [InlineData("""{ "cron": "* 24 * * *" }""", "schedules/bad.json: cron: the hour field '24' has '24'; valid: 0–23")]
    [InlineData("""{ "cron": "* * 0 * *" }""", "schedules/bad.json: cron: the day-of-month field '0' has '0'; valid: 1–31")]
    [InlineData("""{ "cron": "* * * 13 *" }""", "schedules/bad.json: cron: the month field '13' has '13'; valid: 1–12 or jan–dec")]
    [InlineData("""{ "cron": "* * * * 8" }""", "schedules/bad.json: cron: the day-of-week field '8' has '8'; valid: 0–7 or sun–sat")]
    [InlineData("""{ "cron": "*/0 * * * *" }""", "the minute field '*/0' has the step '0'")]
    [InlineData("""{ "cron": "5/10 * * * *" }""", "has a step after a single value (5/10); write a range with a step (5-59/10) or */10")]
    [InlineData("""{ "cron": "10-5 * * * *" }""", "has the range 10-5 running backwards")]
    [InlineData("""{ "cron": "* * * *" }""", "has 4 field(s); give 5 (Unix")]
    [InlineData("""{ "cron": "@reboot" }""", "'@reboot' is not a supported macro")]
    [InlineData("""{ "cron": "0 0 31 2 *" }""", "schedules/bad.json: cron: '0 0 31 2 *' never fires")]
    [InlineData("""{ "cron": "0 0 12 * * MON-XYZ" }""", "is not a valid Quartz cron expression")]
    [InlineData("""{ "cron": "* * * * *", "timeZone": "Mars/Olympus" }""", "schedules/bad.json: timeZone: 'Mars/Olympus' is not a known time zone")]
    [InlineData("""{ "cron": "* * * * *", "mode": "yolo" }""", "schedules/bad.json: mode: 'yolo' is not a known mode; known: experimental")]
    [InlineData("""{ "cron": "* * * * *", "maxFailures": -1 }""", "schedules/bad.json: maxFailures: must be a whole number from 0 to 1000000 (got -1)")]
    [InlineData("""{ "cron": "* * * * *", "timeoutSeconds": 0 }""", "schedules/bad.json: timeoutSeconds: must be a whole number of seconds from 1 to 2147483, 24.8 days (got 0)")]
    // Durations past what a timer takes (issue 19): refused naming the field and the bound, never a crash later.
    [InlineData("""{ "cron": "* * * * *", "timeoutSeconds": 2147484 }""", "schedules/bad.json: timeoutSeconds: must be a whole number of seconds from 1 to 2147483, 24.8 days (got 2147484)")]
    [InlineData("""{ "cron": "* * * * *", "timeoutSeconds": 1e308 }""", "schedules/bad.json: timeoutSeconds: must be a whole number of seconds from 1 to 2147483, 24.8 days (got 1e308)")]
    [InlineData("""{ "continuous": { "sleepSeconds": 2592000 } }""", "schedules/bad.json: continuous.sleepSeconds: must be a whole number of seconds from 0 to 2147483, 24.8 days (got 2592000)")]
    [InlineData("""{ "cron": "* * * * *", "backoff": { "baseSeconds": 99999999999 } }""", "schedules/bad.json: backoff.baseSeconds: must be a whole number of seconds from 1 to 2147483, 24.8 days (got 99999999999)")]
    [InlineData("""{ "cron": "* * * * *", "backoff": { "maxSeconds": 2592000 } }""", "schedules/bad.json: backoff.maxSeconds: must be a whole number of seconds from 1 to 2147483, 24.8 days (got 2592000)")]
    [InlineData("""{ "cron": "* * * * *", "capWrites": "three" }""", "schedules/bad.json: capWrites: must be a whole number from 0 to 1000000 (got \"three\")")]
    [InlineData("""{ "cron": "* * * * *", "backoff": { "baseSeconds": 10, "max": 5 } }""", "schedules/bad.json: backoff.max: unknown field; valid: baseSeconds, maxSeconds")]
    [InlineData("""{ "cron": "* * * * *", "misfire": "always" }""", "schedules/bad.json: misfire: 'always' is not a misfire policy; valid: skip, fireOnce")]
    [InlineData("""{ "continuous": { "sleepSeconds": 5 }, "misfire": "skip" }""", "schedules/bad.json: misfire: applies to cron schedules only")]
    [InlineData("""{ "continuous": { } }""", "schedules/bad.json: continuous.sleepSeconds: must be given")]
    [InlineData("""{ "continuous": { "sleepSeconds": 5 }, "args": ["a", 1] }""", "schedules/bad.json: args: must be an array of strings (got an array)")]
    [InlineData("""{ "cron": "* * * * *", "enabled": "yes" }""", "schedules/bad.json: enabled: must be true or false (got \"yes\")")]
    [InlineData("""{ "cron": "* * * * *", "name": "../../etc/x" }""", "schedules/bad.json: name: '../../etc/x' is not a valid schedule name")]
    [InlineData("""{ "cron": "* * * * *", "name": "nightly.retry" }""", "schedules/bad.json: name: 'nightly.retry' ends in '.retry', which pxl keeps for the retry of schedule 'nightly'; choose another name.")]
    [InlineData("""{ "cron": "* * * * *", "args": ["goal={goal}", "typo={gaol}"] }""", "schedules/bad.json: args[1]: uses unknown placeholder {gaol}; known: {mode}, {goal}, {capWrites}, {runId}.")]
    [InlineData("""{ "cron": "* * * * *" """, "schedules/bad.json: not valid JSON at line")]
    [InlineData("""[ "cron" ]""", "schedules/bad.json: must hold one JSON object (a schedule).")]
    public async Task Validate_InvalidFile_ExitsTwoNamingFileAndField(string json, string expected)
    {
        _ws.WriteFile("schedules/good.json", """{ "cron": "0 * * * *" }""");
        _ws.WriteFile("schedules/bad.json", json);

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("good.json", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_ws.PathOf("state")), "validating created state/");
    }

    [Fact]
    public async Task Validate_SeveralBadFiles_ReportsEveryErrorAtOnce()
    {
        _ws.WriteFile("schedules/a.json", """{ "cron": "61 * * * *", "mode": "yolo" }""");
        _ws.WriteFile("schedules/b.json", """{ "continuous": { "sleepSeconds": -1 } }""");
        _ws.WriteFile("schedules/c.json", """{ "name": "a", "cron": "* * * * *" }""");
        _ws.WriteFile("schedules/a2.json", """{ "name": "a", "cron": "* * * * *" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("schedules/a.json: cron:", run.Error, StringComparison.Ordinal);
        Assert.Contains("schedules/a.json: mode:", run.Error, StringComparison.Ordinal);
        Assert.Contains("schedules/b.json: continuous.sleepSeconds:", run.Error, StringComparison.Ordinal);
        Assert.Contains("schedules/c.json: name: 'a' is already the name of schedules/a2.json", run.Error, StringComparison.Ordinal);
        Assert.Contains("4 error(s) in 4 file(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InvalidScheduleFile_FailsTheSchedulesCheck()
    {
        _ws.WriteFile("schedules/bad.json", """{ "cron": "61 * * * *" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "check", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "schedules valid");
        Assert.Equal("fail", check.GetProperty("status").GetString());
    }

    // Hand-worked against cronie's rules (see SPEC 5) and the 2026 European DST changes (29 March, 25 October).
    [Theory]
    [InlineData("0 0 1,15 * 1", "UTC", "2026-06-01T00:00:00Z", "2026-06-08T00:00:00.000Z,2026-06-15T00:00:00.000Z,2026-06-22T00:00:00.000Z,2026-06-29T00:00:00.000Z,2026-07-01T00:00:00.000Z,2026-07-06T00:00:00.000Z")]
    [InlineData("0 0 */5 * 1", "UTC", "2026-06-01T00:00:00Z", "2026-07-06T00:00:00.000Z,2026-08-31T00:00:00.000Z,2026-09-21T00:00:00.000Z,2026-10-26T00:00:00.000Z")]
    [InlineData("0 0 * * 1", "UTC", "2026-06-01T00:00:00Z", "2026-06-08T00:00:00.000Z,2026-06-15T00:00:00.000Z")]
    [InlineData("0 0 13 * 5", "UTC", "2026-02-01T00:00:00Z", "2026-02-06T00:00:00.000Z,2026-02-13T00:00:00.000Z,2026-02-20T00:00:00.000Z")]
    [InlineData("30 4 * * 0,7", "UTC", "2026-06-01T00:00:00Z", "2026-06-07T04:30:00.000Z,2026-06-14T04:30:00.000Z")]
    [InlineData("0 9 * jan-mar sun", "UTC", "2026-06-01T00:00:00Z", "2027-01-03T09:00:00.000Z,2027-01-10T09:00:00.000Z")]
    [InlineData("15 10-12/2 * * mon-fri", "UTC", "2026-06-05T11:00:00Z", "2026-06-05T12:15:00.000Z,2026-06-08T10:15:00.000Z,2026-06-08T12:15:00.000Z")]
    [InlineData("@weekly", "UTC", "2026-06-01T00:00:00Z", "2026-06-07T00:00:00.000Z")]
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-28T01:30:00.000Z,2026-03-29T01:00:00.000Z,2026-03-30T00:30:00.000Z")]
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-24T00:00:00Z", "2026-10-24T00:30:00.000Z,2026-10-25T00:30:00.000Z,2026-10-26T01:30:00.000Z")]
    [InlineData("0 * * * *", "Europe/Berlin", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00.000Z,2026-10-25T01:00:00.000Z,2026-10-25T02:00:00.000Z")]
    [InlineData("0 0 12 1 * ?", "UTC", "2026-06-01T00:00:00Z", "2026-06-01T12:00:00.000Z,2026-07-01T12:00:00.000Z")]
    public async Task Next_CronExpression_MatchesHandWorkedTimes(string cron, string zone, string from, string expected)
    {
        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "next", cron, "--tz", zone, "--from", from, "-n", expected.Split(',').Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected.Split(','), JsonSerializer.Deserialize<string[]>(run.Output));
    }

    [Fact]
    public async Task Next_ScheduleName_UsesItsFileAndTimeZone()
    {
        _ws.WriteFile("schedules/nightly.json", """{ "cron": "30 2 * * *", "timeZone": "Europe/Berlin" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "next", "nightly", "--from", "2026-03-28T12:00:00Z", "-n", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("2026-03-29 Sun 03:00:00 +02:00  2026-03-29T01:00:00.000Z", run.Output.Trim());
    }

    [Theory]
    [InlineData("nightly-typo", "'nightly-typo' is neither a schedule name")]
    [InlineData("loop", "'loop' is a continuous schedule")]
    [InlineData("broken", "schedules/broken.json: cron: the minute field '61' has '61'; valid: 0–59.")]
    [InlineData("0 0 31 2 *", "'0 0 31 2 *' has no fire time after ")]
    [InlineData("yearly --tz Europe/Berlin", "--tz is for a cron expression given directly; schedule 'yearly' has its own time zone (UTC).")]
    public async Task Next_UnknownContinuousBrokenOrNeverFiring_ExitsTwo(string target, string expected)
    {
        _ws.WriteFile("schedules/loop.json", """{ "continuous": { "sleepSeconds": 5 } }""");
        _ws.WriteFile("schedules/broken.json", """{ "cron": "61 * * * *" }""");
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *" }""");

        var run = await PxlCli.RunAsync(_ws.Root, ["schedules", "next", .. target.StartsWith("yearly", StringComparison.Ordinal) ? target.Split(' ') : [target]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    // Issue 19, defect 12: at the edges of the calendar Quartz's arithmetic overflowed (ArgumentOutOfRangeException).
    [InlineData("9999-12-31T23:59:59Z", "UTC")]
    [InlineData("9999-12-31T00:00:00Z", "Pacific/Kiritimati")]
    [InlineData("0001-01-01T00:00:00Z", "UTC")]
    [InlineData("0001-01-01T00:00:00Z", "America/Los_Angeles")]
    public async Task Next_FromAtTheEdgeOfTheCalendar_ExitsTwoNamingTheRange(string from, string zone)
    {
        _ws.WriteFile("schedules/nightly.json", $$"""{ "cron": "30 2 * * *", "timeZone": "{{zone}}" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "next", "nightly", "--from", from);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"--from '{from}' is outside the times fire times are computed for: give one from 0001-01-02T00:00:00Z to 9999-12-30T00:00:00Z", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }
}
