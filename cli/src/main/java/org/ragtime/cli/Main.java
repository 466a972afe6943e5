package org.ragtime.cli;

/** Entry point of the {@code ragtime} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("ragtime: skeleton");
    }
}
