using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace PxlScheduler.Dashboard;

/// <summary>
/// The stylesheet and script, embedded in pxl (<c>Dashboard/Assets</c>) and served from <c>/assets/NAME</c>: a page
/// links them with a hash of their content in the query, so a browser may keep them for a year and still gets the
/// new file after an upgrade. Nothing is loaded from anywhere else.
/// </summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type, string Hash)> Files = Load();

    /// <summary>The address of <paramref name="name"/>, with its content hash.</summary>
    public static string Url(string name) => $"/assets/{name}?v={Files[name].Hash}";

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(file.Content, file.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream($"pxl.dashboard.{name}") ?? throw new InvalidOperationException($"the dashboard's {name} is not embedded in pxl");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            files[name] = (content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
