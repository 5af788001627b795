using System.Globalization;
using System.Text.Json;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Schedules;

/// <summary>
/// Reads the fields of one JSON object strictly: each value of the expected type and range, unknown
/// fields refused; every problem is collected as "file: field: what is wrong, what would be valid".
/// </summary>
internal sealed class JsonFields
{
    private readonly string _file;
    private readonly string _prefix;
    private readonly JsonElement _element;
    private readonly List<string> _errors;

    public JsonFields(string file, string prefix, JsonElement element, IReadOnlyCollection<string> known, List<string> errors)
    {
        _file = file;
        _prefix = prefix;
        _element = element;
        _errors = errors;
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            Error(property.Name, $"unknown field; valid: {string.Join(", ", known)}");
        }
    }

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public void Error(string field, string message) => _errors.Add($"{_file}: {_prefix}{field}: {message}.");

    public string? String(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Error(name, $"must be a non-empty string (got {Describe(value)})");
            return null;
        }

        return value.GetString();
    }

    public int? Int(string name, int min, int max)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            Error(name, $"must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got {Describe(value)})");
            return null;
        }

        return (int)number;
    }

    /// <summary>A duration in whole seconds, from <paramref name="min"/> to the bound every duration shares (<see cref="Durations"/>).</summary>
    public TimeSpan? Seconds(string name, int min)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > Durations.MaxSeconds)
        {
            Error(name, string.Create(
                CultureInfo.InvariantCulture,
                $"must be a whole number of seconds from {min} to {Durations.MaxSeconds}, {Durations.MaxDays} days (got {Describe(value)})"));
            return null;
        }

        return TimeSpan.FromSeconds(number);
    }

    public bool? Bool(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(name, $"must be true or false (got {Describe(value)})");
            return null;
        }

        return value.GetBoolean();
    }

    public IReadOnlyList<string>? Strings(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            Error(name, $"must be an array of strings (got {Describe(value)})");
            return null;
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Whether <paramref name="name"/> is the JSON literal <paramref name="literal"/>.</summary>
    public bool IsLiteral(string name, bool literal) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind == (literal ? JsonValueKind.True : JsonValueKind.False);

    /// <summary>The nested object <paramref name="name"/>, read with the same rules; null when absent or not an object.</summary>
    public JsonFields? Object(string name, IReadOnlyCollection<string> known)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(name, $"must be an object with {string.Join(", ", known)} (got {Describe(value)})");
            return null;
        }

        return new JsonFields(_file, $"{_prefix}{name}.", value, known, _errors);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
