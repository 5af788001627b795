using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Http;

/// <summary>
/// The bearer token of the HTTP API (SPEC 12): <c>Http:Token</c>, or the one kept in <c>Http:TokenFile</c>
/// (<c>state/http.token</c>), generated there at the first start, mode 0600, written atomically. The log names the
/// file, never the token. Compared in constant time over SHA-256 digests, so neither content nor length leaks.
/// </summary>
internal sealed class HttpToken(IOptions<HttpOptions> options, Workspace workspace, ILogger<HttpToken> logger)
{
    private byte[]? _digest;

    public string FilePath { get; } = workspace.Resolve(options.Value.TokenFile);

    /// <summary>Where the token comes from, for the start-up line: the key, or the file (never the token).</summary>
    public string Source => string.IsNullOrEmpty(options.Value.Token) ? workspace.Display(FilePath) : $"{HttpOptions.SectionName}:Token";

    /// <summary>Reads or generates the token; `serve` calls it once it owns the state directory, before it listens.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var token = options.Value.Token;
        if (!string.IsNullOrEmpty(token))
        {
            HttpLog.TokenConfigured(logger);
        }
        else if (File.Exists(FilePath) && (await File.ReadAllTextAsync(FilePath, cancellationToken)).Trim() is { Length: > 0 } kept)
        {
            token = kept;
            HttpLog.TokenRead(logger, workspace.Display(FilePath));
        }
        else
        {
            token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            await AtomicFile.WriteAllBytesAsync(FilePath, Encoding.UTF8.GetBytes(token + "\n"), FileModes.OwnerOnly, cancellationToken);
            HttpLog.TokenGenerated(logger, workspace.Display(FilePath));
        }

        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Whether <paramref name="presented"/> is the token.</summary>
    public bool Matches(string presented) =>
        _digest is { } digest && CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
