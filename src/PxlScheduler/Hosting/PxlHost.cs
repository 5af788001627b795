using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using Serilog;

namespace PxlScheduler.Hosting;

/// <summary>
/// Builds the host every long-running command uses: configuration from <c>appsettings.json</c> in the
/// working directory, then <c>PXL_</c>-prefixed and <c>Section__Key</c> environment variables, then the
/// command's own overrides; Serilog from configuration; systemd integration when run as a unit; SIGHUP
/// handled as a stop (<see cref="HangupStops"/>).
/// </summary>
internal static class PxlHost
{
    private const string SettingsFile = "appsettings.json";

    public static HostApplicationBuilder CreateBuilder(Workspace workspace, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = workspace.Root,
            EnvironmentName = Environments.Production,
        });
        Configure(builder, workspace, overrides);
        return builder;
    }

    /// <summary>
    /// The same host with ASP.NET Core in it, for `serve` with <c>Http:Enabled</c>: an empty web builder (no
    /// <c>ASPNETCORE_</c> variables, no default server), so Kestrel and its addresses are only what <c>Http</c> says.
    /// </summary>
    public static WebApplicationBuilder CreateWebBuilder(Workspace workspace, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = workspace.Root,
            EnvironmentName = Environments.Production,
        });
        Configure(builder, workspace, overrides);
        return builder;
    }

    private static void Configure(IHostApplicationBuilder builder, Workspace workspace, IReadOnlyDictionary<string, string?> overrides)
    {
        try
        {
            builder.Configuration.AddJsonFile(Path.Combine(workspace.Root, SettingsFile), optional: true, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            // The JSON parser's own words, innermost first: what is wrong and where (line and byte).
            var reason = e.InnerException?.InnerException?.Message ?? e.InnerException?.Message ?? e.Message;
            throw new ConfigurationFileException($"{SettingsFile}: not valid JSON: {reason}", e);
        }

        builder.Configuration
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("PXL_")
            .AddInMemoryCollection(overrides);

        builder.Services.AddSingleton(workspace);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<ExceptionSummaryEnricher>());
        builder.Services.AddSystemd();
        builder.Services.AddHostedService<HangupStops>();
        builder.Services.AddPxlScheduler();
    }

    /// <summary>
    /// The services of a one-shot command (<c>check</c>, <c>digests</c>): the host built but not started, its
    /// options validated now.
    /// </summary>
    public static IHost BuildForCommand(Workspace workspace) => BuildValidated(CreateBuilder(workspace, new Dictionary<string, string?>()));

    /// <summary>
    /// Builds the host and validates every option section at once, as <c>ValidateOnStart</c> would at start: bad
    /// configuration exits 2 with all its problems, not only those of the first section a command happens to read.
    /// </summary>
    public static IHost BuildValidated(HostApplicationBuilder builder) => new LogFlushingHost(Validated(builder.Build()));

    /// <inheritdoc cref="BuildValidated(HostApplicationBuilder)"/>
    /// <param name="host">A host just built; disposed when its options are not valid.</param>
    public static THost Validated<THost>(THost host)
        where THost : IHost
    {
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
