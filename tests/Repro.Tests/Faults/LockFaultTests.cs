using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Faults;

/// <summary>The publish lock waits only for another process holding it; any other failure to take it is said at once.</summary>
public class LockFaultTests
{
    [Fact]
    public void A_held_lock_is_waited_for_and_then_named_as_contention()
    {
        using var temp = new TempDir();
        string path = Path.Combine(temp.Path, ".spec.lock");
        using (FileLock.Acquire(path, TimeSpan.FromSeconds(1)))
        {
            // flock is per open file, so a second open in this process contends as another process would.
            var error = Assert.Throws<IOException>(() => FileLock.Acquire(path, TimeSpan.FromMilliseconds(200)));
            Assert.StartsWith($"another repro process holds {path}", error.Message);
        }
        using var again = FileLock.Acquire(path, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_lock_that_cannot_be_created_is_reported_at_once_with_the_reason()
    {
        // /proc takes no new files, even for root (as a read-only file system takes none): no amount of waiting helps.
        // Before, this waited out the whole timeout and then blamed another process.
        var error = Assert.Throws<IOException>(() => FileLock.Acquire("/proc/.repro-test.lock", TimeSpan.FromMinutes(10)));

        Assert.StartsWith("cannot take the lock /proc/.repro-test.lock: ", error.Message);
        Assert.DoesNotContain("another repro process", error.Message);
    }
}
