using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using netDumbster.smtp;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Notifications;

/// <summary>
/// `pxl notify test NAME` through each channel type to a real receiver on 127.0.0.1 (an HTTP listener, an SMTP server
/// over TCP, a command that writes its stdin to a file), and the configuration checks that stop with exit 2.
/// </summary>
public sealed class NotifyCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task NotifyTest_AlertmanagerWebhook_PostsAVersion4BodySignedWithTheSecret()
    {
        using var receiver = WebhookReceiver.Start();
        WriteChannels($$"""{ "Name": "am", "Type": "webhook", "Url": "{{receiver.Url}}", "Secret": "k", "Format": "alertmanager" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "test", "am");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answer: HTTP 200 OK: ok", run.Output, StringComparison.Ordinal);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("k"u8, Encoding.UTF8.GetBytes(request.Body))), request.Header("X-Pxl-Signature"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("4", body.RootElement.GetProperty("version").GetString());
        Assert.Equal("firing", body.RootElement.GetProperty("status").GetString());
        var alert = body.RootElement.GetProperty("alerts")[0];
        Assert.Equal(request.Header("X-Pxl-Event-Id"), alert.GetProperty("annotations").GetProperty("event_id").GetString());
        Assert.Equal(16, alert.GetProperty("fingerprint").GetString()!.Length);
    }

    [Fact]
    public async Task NotifyTest_ReceiverAnswers500_ExitsOneWithTheStatus()
    {
        using var receiver = WebhookReceiver.Start(0, 500);
        WriteChannels($$"""{ "Name": "hook", "Type": "webhook", "Url": "{{receiver.Url}}", "Format": "slack" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "test", "hook");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NOT delivered", run.Output, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", run.Output, StringComparison.Ordinal);
        Assert.StartsWith("pxl: notify.test", JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyTest_CommandChannel_GetsTheEventOnItsStdin()
    {
        var script = _ws.WriteScript("tools/notify.sh", "cat > received.json\necho \"took $PXL_EVENT\"");
        WriteChannels($$"""{ "Name": "cmd", "Type": "command", "Command": "{{script}}" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "test", "cmd");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answer: exit code 0: took notify.test", run.Output, StringComparison.Ordinal);
        using var received = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("received.json")));
        Assert.Equal("notify.test", received.RootElement.GetProperty("event").GetString());
        Assert.Contains(received.RootElement.GetProperty("id").GetString()!, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyTest_EmailChannel_ReachesTheSmtpServer()
    {
        var port = WebhookReceiver.FreePort();
        using var smtp = SimpleSmtpServer.Start(port);
        WriteChannels($$"""{ "Name": "mail", "Type": "email", "Host": "127.0.0.1", "Port": {{port}}, "StartTls": false, "From": "pxl@example.org", "To": ["ops@example.org"] }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "test", "mail");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"answer: 127.0.0.1:{port}: ", run.Output, StringComparison.Ordinal);
        var mail = Assert.Single(smtp.ReceivedEmail);
        Assert.Equal("ops@example.org", Assert.Single(mail.ToAddresses).Address);
        Assert.StartsWith("pxl: notify.test", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"notify.test\"", mail.MessageParts[0].BodyData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadChannels_ExitTwoNamingEveryKey_WithoutTheSecrets()
    {
        WriteChannels("""
            { "Name": "a", "Type": "pager" },
            { "Name": "a", "Type": "webhook", "Url": "ftp://example.org/x", "Secret": "hunter2-secret", "Events": ["halted", "explode"] },
            { "Name": "m", "Type": "email", "Host": "smtp.example.org", "From": "pxl@example.org", "User": "u", "Password": "hunter3-password" }
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Notifications:Channels:0:Type 'pager' is not a channel type; valid: webhook, command, email", run.Error, StringComparison.Ordinal);
        Assert.Contains("Notifications:Channels:1:Name 'a' is already the name of another channel", run.Error, StringComparison.Ordinal);
        Assert.Contains("Notifications:Channels:1:Url 'ftp://example.org/x' is not an http or https address", run.Error, StringComparison.Ordinal);
        Assert.Contains("Notifications:Channels:1:Events:1 'explode' is not an event", run.Error, StringComparison.Ordinal);
        Assert.Contains("Notifications:Channels:2:To must list at least one recipient", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter3-password", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNamingAnUnknownChannel_IsAScheduleError()
    {
        using var receiver = WebhookReceiver.Start();
        WriteChannels($$"""{ "Name": "ops", "Type": "webhook", "Url": "{{receiver.Url}}" }""");
        _ws.WriteFile("schedules/a.json", """{ "cron": "0 * * * *", "notify": ["ops", "pager"] }""");
        _ws.WriteFile("schedules/b.json", """{ "cron": "0 * * * *", "notify": false }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("schedules/a.json: notify[1]: 'pager' is not a channel of Notifications:Channels; known: ops", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("b.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyTest_UnknownChannel_ExitsTwoListingTheKnown()
    {
        WriteChannels("""{ "Name": "ops", "Type": "command", "Command": "true" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "test", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no channel named 'nope' in Notifications:Channels; known: ops", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4000")]
    public async Task KeepDaysOutOfRange_ExitsTwoNamingTheKeyAndTheDefault(string days)
    {
        _ws.WriteFile("appsettings.json", $$"""{ "Notifications": { "KeepDays": {{days}} } }""");

        var run = await PxlCli.RunAsync(_ws.Root, "notify", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Notifications:KeepDays must be more than 0 and at most 3660 (default: 30).", run.Error, StringComparison.Ordinal);
    }

    private void WriteChannels(string channels) =>
        _ws.WriteFile("appsettings.json", $$"""{ "Notifications": { "Channels": [ {{channels}} ] } }""");
}
