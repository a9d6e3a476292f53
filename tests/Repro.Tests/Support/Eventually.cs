namespace Repro.Tests.Support;

/// <summary>Waits for text that a background command (`repro watch`) writes from its own thread.</summary>
static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Until <paramref name="text"/> holds <paramref name="expected"/> at least <paramref name="count"/> times; fails after <see cref="Patience"/>.</summary>
    public static async Task Contains(Func<string> text, string expected, int count = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (CountOf(text(), expected) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited for {count} x '{expected}', got:\n{text()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Until <paramref name="condition"/> holds; fails after <paramref name="patience"/>.</summary>
    public static async Task True(Func<bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {patience} for a condition that never held");
            await Task.Delay(50);
        }
    }

    public static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
