package org.acme;

import io.quarkus.funqy.Funq;

/** A Funqy function as the Quarkus guide writes one: no Quiver SDK, no health extension, no configuration. */
public class GreetingFunction {

    /** The input: a bean, so that Funqy fills it from query parameters on GET and from JSON on POST. */
    public static class Person {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** The output. */
    public static class Greeting {
        private String message;

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }
    }

    @Funq
    public Greeting greet(Person person) {
        Greeting greeting = new Greeting();
        greeting.setMessage("Hello, " + (person == null || person.getName() == null ? "stranger" : person.getName()) + "!");
        return greeting;
    }
}
