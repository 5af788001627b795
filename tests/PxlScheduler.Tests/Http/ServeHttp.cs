using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Http;

/// <summary>A real HttpClient on a real `serve`'s address, and the token serve generated in its workspace.</summary>
internal sealed class ServeHttp : IDisposable
{
    public ServeHttp(ServeProcess serve, string workspaceRoot)
    {
        Client = new HttpClient { BaseAddress = serve.BaseUrl ?? throw new InvalidOperationException($"serve does not listen:\n{serve.Output}"), Timeout = TimeSpan.FromSeconds(30) };
        TokenPath = Path.Combine(workspaceRoot, "state", "http.token");
    }

    public HttpClient Client { get; }

    public string TokenPath { get; }

    public string Token => File.ReadAllText(TokenPath).Trim();

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>GET that expects a refusal: the status and the problem+json body.</summary>
    public async Task<(int Status, string? ContentType, JsonElement Problem)> GetProblemAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<(int Status, string Body)> PostAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>The value of the sample <paramref name="name"/>{<paramref name="labels"/>} in a /metrics text.</summary>
    public static double Sample(string metrics, string name, string labels)
    {
        var match = Regex.Match(metrics, $@"^{Regex.Escape(name)}\{{{Regex.Escape(labels)}\}} (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no sample {name}{{{labels}}} in:\n{string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("pxl_", StringComparison.Ordinal)))}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Every sample of <paramref name="name"/> in a /metrics text, by its labels as written.</summary>
    public static IReadOnlyDictionary<string, double> Samples(string metrics, string name) =>
        Regex.Matches(metrics, $@"^{Regex.Escape(name)}\{{([^}}]*)\}} (\S+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public void Dispose() => Client.Dispose();
}
