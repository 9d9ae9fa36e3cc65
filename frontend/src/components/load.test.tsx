import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LoadBar } from "./LoadBar";
import { loadFigures, percentOf } from "./load";
import { bandFor } from "../pages/board/bands";

describe("loadFigures", () => {
  it("states percent of capacity and points in words", () => {
    const f = loadFigures(59.5, 61.2, "amber");
    expect(f.percent).toBe("97%");
    expect(f.summary).toBe("Amber: 97% of capacity (59.5 of 61.2 points)");
  });

  it("caps the bar at the end of its 130% scale but not the text", () => {
    const f = loadFigures(200, 100, "surge");
    expect(f.width).toBe(100);
    expect(f.summary).toContain("200% of capacity");
  });

  it("handles a worker with no capacity", () => {
    expect(loadFigures(0, 0, "green").summary).toBe("Green: 0 points, no capacity");
    expect(loadFigures(0, 0, "green").width).toBe(0);
    expect(percentOf(null)).toBe("no capacity");
  });
});

describe("bandFor", () => {
  it.each([
    [84, 100, "green"],
    [85, 100, "amber"],
    [100, 100, "amber"],
    [101, 100, "red"],
    [115, 100, "red"],
    [116, 100, "surge"],
    [1, 0, "surge"],
    [0, 0, "green"],
  ])("%s of %s points is %s", (load, capacity, band) => {
    expect(bandFor(load, capacity)).toBe(band);
  });
});

describe("LoadBar", () => {
  it("shows the band as a word, not only a colour, with a patterned fill", () => {
    const { container } = render(<LoadBar load={105} capacity={100} band="red" />);
    expect(screen.getByText("Red")).toBeInTheDocument();
    expect(screen.getByText("105% of capacity (105 of 100 points)")).toBeInTheDocument();
    expect(container.querySelector(".load-fill")).toHaveClass("fill-red");
    expect(container.querySelector(".load-track")).toHaveAttribute("aria-hidden", "true");
  });
});
