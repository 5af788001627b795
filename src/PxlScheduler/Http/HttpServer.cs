using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Scheduling;
using Prometheus;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// What `serve` adds to its host to speak HTTP (SPEC 12): Kestrel on <c>Http:Urls</c>, the API, the health checks
/// and the metrics, all from minimal-API endpoints with source-generated JSON.
/// </summary>
internal static class HttpServer
{
    /// <summary>The <c>Http</c> section as configured, read before the host is built (<c>Http:Enabled</c> decides which host that is).</summary>
    public static HttpOptions Options(IConfiguration configuration) =>
        configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();

    public static void Add(WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        builder.WebHost.UseKestrelCore().UseUrls(options.Urls);
        builder.Services.AddRoutingCore();
        builder.Services.TryAddSingleton<HttpToken>();
        builder.Services.TryAddSingleton<TokenGate>();
        builder.Services.TryAddSingleton<ScheduleActions>();
        // Sessions are the dashboard's (its cookie scheme); the gate reads them for every request.
        builder.Services.AddAuthentication();
        builder.Services.TryAddSingleton<ServeClock>();
        builder.Services.TryAddSingleton<PxlMetrics>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduleEventSink, PxlMetrics>(services => services.GetRequiredService<PxlMetrics>()));
        builder.Services.AddHostedService<MetricsRefresher>();
        HealthEndpoints.Add(builder.Services);
    }

    /// <summary>Maps every endpoint; call once the host is built.</summary>
    public static void Map(WebApplication app)
    {
        var gate = app.Services.GetRequiredService<TokenGate>();
        app.UseAuthentication();
        // Every request first: from beyond loopback, nothing is answered without the token.
        app.Use(async (context, next) =>
        {
            if (gate.Read(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        ApiEndpoints.Map(app, gate);
        HealthEndpoints.Map(app);
        var metrics = app.Services.GetRequiredService<PxlMetrics>();
        var schedulers = app.Services.GetRequiredService<ISchedulerFactory>();
        var reader = app.Services.GetRequiredService<ScheduleStatusReader>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(async cancellationToken =>
            await metrics.RefreshStatesAsync(await schedulers.GetScheduler(cancellationToken), reader, cancellationToken));
        app.MapMetrics("/metrics");
    }

    /// <summary>Before the host starts: the token read or generated, the metrics seeded from the ledger.</summary>
    public static async Task PrepareAsync(IHost host, CancellationToken cancellationToken)
    {
        await host.Services.GetRequiredService<HttpToken>().LoadAsync(cancellationToken);
        await host.Services.GetRequiredService<PxlMetrics>().SeedAsync(cancellationToken);
    }

    /// <summary>The addresses Kestrel is bound to (with the port it picked for port 0).</summary>
    public static IReadOnlyList<string> Addresses(IHost host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Whether <paramref name="exception"/> is Kestrel failing to bind an address (taken, or not this machine's).</summary>
    public static bool IsBindFailure(Exception exception) =>
        exception is IOException { Message: var message } && message.StartsWith("Failed to bind to address", StringComparison.Ordinal);

    /// <summary>Kestrel's own sentence with the key that set the address.</summary>
    public static string BindProblem(Exception exception) =>
        $"{HttpOptions.SectionName}:Urls: {exception.Message.TrimEnd('.')} ({exception.InnerException?.Message ?? "no detail"}); choose a free port, or set {HttpOptions.SectionName}:Enabled to false.";

}
