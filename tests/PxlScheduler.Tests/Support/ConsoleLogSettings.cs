namespace PxlScheduler.Tests.Support;

/// <summary>An <c>appsettings.json</c> for a test workspace whose `pxl` process logs to stderr as the shipped one does, so a test can read its warnings.</summary>
internal static class ConsoleLogSettings
{
    public const string Json = """
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.Console" ],
            "WriteTo": [ { "Name": "Console", "Args": { "standardErrorFromLevel": "Verbose", "outputTemplate": "[{Level:u3}] {Message:lj}{NewLine}{Exception}" } } ]
          }
        }
        """;
}
