import { act, renderHook, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { useResource } from "./useResource";

const loadCount = vi.fn(async () => 1);

describe("useResource", () => {
  it("loads again when its deps change, even with a module-level loader", async () => {
    const { result } = renderHook(() => {
      const [page, setPage] = useState(0);
      return { resource: useResource(loadCount, [page]), setPage };
    });
    await waitFor(() => expect(result.current.resource.data).toBe(1));
    act(() => result.current.setPage(1));
    await waitFor(() => expect(loadCount).toHaveBeenCalledTimes(2));
    act(() => result.current.resource.reload());
    await waitFor(() => expect(loadCount).toHaveBeenCalledTimes(3));
  });

  it("gives a failure in words", async () => {
    const { result } = renderHook(() =>
      useResource(async () => Promise.reject(new Error("Keel's server could not be reached.")), []),
    );
    await waitFor(() => expect(result.current.error).toBe("Keel's server could not be reached."));
    expect(result.current.loading).toBe(false);
  });
});
