using System.Runtime.InteropServices;

namespace Repro.Engine.Runtime;

/// <summary>
/// Asks the loaded libtorch which kernel family it dispatches to ("DEFAULT", "AVX2", "AVX512"): the pinned
/// ATEN_CPU_CAPABILITY is only a ceiling, and a CPU without AVX2 falls back below it. TorchSharp has no call
/// for this, so it reads libtorch's own <c>at::get_cpu_capability()</c>.
/// </summary>
static class CpuCapability
{
    const string Symbol = "_ZN2at18get_cpu_capabilityB5cxx11Ev"; // std::string at::get_cpu_capability()

    /// <summary>The capability libtorch reports, or null where it cannot be asked safely.</summary>
    public static string? Read()
    {
        // The call below relies on the x86-64 System V convention for returning a std::string (a hidden
        // result pointer as the first argument); elsewhere, say nothing rather than guess.
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        // By bare name, dlopen returns the copy TorchSharp already loaded (matched by SONAME) instead of loading another.
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", out var library)) return null;
        try
        {
            return NativeLibrary.TryGetExport(library, Symbol, out var export) ? Call(export) : null;
        }
        finally
        {
            NativeLibrary.Free(library); // only drops the reference TryLoad added
        }
    }

    static unsafe string? Call(IntPtr export)
    {
        // libstdc++'s std::string: data pointer, length, then a 16-byte inline buffer. The known values fit
        // inline, so libtorch allocates nothing that we would have to free.
        const int size = 32;
        byte* result = stackalloc byte[size];
        var call = (delegate* unmanaged<byte*, byte*>)export;
        call(result);
        byte* data = *(byte**)result;
        long length = *(long*)(result + 8);
        if (data != result + 16 || length is < 0 or > 15) return null; // not the layout we expect: do not trust it
        return System.Text.Encoding.UTF8.GetString(data, (int)length);
    }
}
