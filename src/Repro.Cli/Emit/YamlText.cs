using YamlDotNet.Serialization;

namespace Repro.Cli.Emit;

/// <summary>Templates' YAML: written by YamlDotNet from plain maps and lists (keys in the order given), so every value is quoted where YAML needs it.</summary>
public static class YamlText
{
    static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();

    public static string Of(object document) => Serializer.Serialize(document);

    /// <summary>A map whose keys keep the order written, as a reader expects (`apiVersion` before `spec`).</summary>
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
            if (value is not null) map.Add(key, value);
        return map;
    }

    /// <summary>A Kubernetes object name (DNS-1123 label): lowercase letters, digits and dashes, at most 63 characters.</summary>
    public static string Label(string text, int max = 63)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray();
        string label = new string(chars).Trim('-');
        return label.Length <= max ? label : label[..max].TrimEnd('-');
    }
}
