using Repro.Build;

namespace Repro.Tests.Build;

/// <summary>The build step that lets TorchSharp's native glue load on a libstdc++ older than GCC 13.</summary>
public class ElfVersionNeedTests
{
    const string Version = "GLIBCXX_3.4.32";
    static readonly string Shipped = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    static readonly string Built = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void The_shipped_library_requires_the_version_strictly_and_one_patch_makes_it_weak()
    {
        Assert.True(File.Exists(Shipped), $"TorchSharp package not restored at {Shipped}");
        byte[] elf = File.ReadAllBytes(Shipped);
        byte[] original = (byte[])elf.Clone();

        Assert.Equal(ElfVersionNeed.Outcome.Patched, ElfVersionNeed.Weaken(elf, Version));
        var changed = Enumerable.Range(0, elf.Length).Where(i => elf[i] != original[i]).ToList();
        Assert.Single(changed); // only the low byte of vna_flags
        Assert.Equal(ElfVersionNeed.VerFlgWeak, elf[changed[0]] & ElfVersionNeed.VerFlgWeak);
    }

    [Fact]
    public void Patching_twice_changes_nothing_the_second_time()
    {
        byte[] elf = File.ReadAllBytes(Shipped);
        ElfVersionNeed.Weaken(elf, Version);
        byte[] once = (byte[])elf.Clone();
        Assert.Equal(ElfVersionNeed.Outcome.AlreadyWeak, ElfVersionNeed.Weaken(elf, Version));
        Assert.Equal(once, elf);
    }

    [Fact]
    public void A_version_the_library_does_not_ask_for_is_left_alone()
    {
        byte[] elf = File.ReadAllBytes(Shipped);
        byte[] original = (byte[])elf.Clone();
        Assert.Equal(ElfVersionNeed.Outcome.NotRequired, ElfVersionNeed.Weaken(elf, "GLIBCXX_9.9.99"));
        Assert.Equal(original, elf);
    }

    [Fact]
    public void Something_that_is_not_elf_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeed.Weaken(new byte[128], Version));
    }

    [Fact]
    public void The_build_output_is_patched_exactly_where_the_host_libstdcxx_lacks_the_version()
    {
        const string host = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        if (!OperatingSystem.IsLinux() || !File.Exists(host)) return; // the step only runs on Linux hosts
        byte[] built = File.ReadAllBytes(Built);
        var expected = ElfVersionNeed.Defines(host, Version) ? ElfVersionNeed.Outcome.Patched : ElfVersionNeed.Outcome.AlreadyWeak;
        Assert.Equal(expected, ElfVersionNeed.Weaken(built, Version));
    }
}
