using System.Net.Http.Headers;
using System.Text.Json;
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

    public void Dispose() => Client.Dispose();
}
