using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// <c>/healthz</c> (liveness: Quartz's own check and the schedules; Degraded still answers 200) and <c>/readyz</c>
/// (readiness: those and the ledger and store, whose failure is 503), each with a JSON body listing every check.
/// </summary>
internal static class HealthEndpoints
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static void Add(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddQuartz(o =>
            {
                o.Name = "quartz";
                o.Tags.Add(Live);
                o.Tags.Add(Ready);
            })
            .AddCheck<ScheduleHealthCheck>("schedules", tags: [Live, Ready])
            .AddCheck<StoreHealthCheck>("ledger-and-store", tags: [Ready]);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", Options(Live));
        app.MapHealthChecks("/readyz", Options(Ready));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new HealthBody(
            Name(report.Status),
            report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new HealthEntry(
                e.Key,
                Name(e.Value.Status),
                e.Value.Description ?? e.Value.Exception?.Message,
                e.Value.Duration.TotalMilliseconds,
                e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString() ?? "", StringComparer.Ordinal)))]);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ApiJson.Api.HealthBody, context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
